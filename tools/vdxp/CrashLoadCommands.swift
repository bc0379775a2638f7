import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import SwiftProtobuf
import Synchronization
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// `vdxp crash-load`: the load client of `scripts/crash-test.sh`. It sends, fetches and acknowledges documents
/// continuously while the script kills Exchange and PostgreSQL with SIGKILL, retries every failed call the way a
/// member's system must (the same signed bytes under the same document id), and at the end checks through the
/// public API that nothing acknowledged was lost or duplicated. Development tool: loopback, development PKI.
struct CrashLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-load",
        abstract: "The load client and checker of scripts/crash-test.sh (development platforms only).",
        subcommands: [Run.self, Postgres.self, SlowReaders.self])

    /// `vdxp crash-load postgres`: starts (or restarts after a crash) a durable local PostgreSQL cluster.
    struct Postgres: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the crash test's PostgreSQL (fsync on) in a directory, or restart it after a kill -9.",
            discussion:
                "Prints the database URL; the postmaster's pid is the first line of <directory>/data/postmaster.pid."
        )
        @Option(help: "Where the cluster lives.") var directory: String
        @Option(help: "The TCP port on 127.0.0.1.") var port: Int

        func run() async throws {
            var logger = Logger(label: "vdxp.crash-load")
            logger.logLevel = .warning
            // Durable on purpose: fastUnsafe would make a crash of the server lose committed transactions.
            let cluster = LocalPostgresCluster(directory: directory, port: port, fastUnsafe: false, logger: logger)
            print(try await cluster.start().url)
        }
    }

    /// `vdxp crash-load slow-readers`: downloads that read one chunk and then nothing, held open a while.
    struct SlowReaders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slow-readers",
            abstract: "Send one large document, then open downloads of it that read one chunk and stop reading.",
            discussion: """
                Prints 'holding N streams' once every stream got its first chunk, holds them --hold-seconds, then \
                closes them and checks that an ordinary call still goes through. scripts/crash-test.sh samples \
                Exchange's resident memory meanwhile.
                """)
        @Option(help: "Exchange's gRPC address.") var exchange = "127.0.0.1:7200"
        @Option(help: "The PKI directory (with pki.json).") var pkiDirectory = ".vdxp/dev/pki"
        @Option(help: "How many streams that stop reading (keep it under Exchange's database connections).")
        var streams = 8
        @Option(help: "The attachment's size in MiB.") var mebibytes = 32
        @Option(help: "How long to hold the streams open, in seconds.") var holdSeconds = 15

        func run() async throws {
            guard let address = HostAndPort(exchange) else { throw CLIError("--exchange must be host:port") }
            let pki = try PKI.load(from: pkiDirectory)
            let sender = Dev.demoMembers[0]
            let recipient = Dev.demoMembers[1]
            guard let senderPaths = pki.members[sender.organisationID],
                let recipientPaths = pki.members[recipient.organisationID]
            else { throw CLIError("the PKI has no demo members") }
            let notation = "SLOW\(Int(Date().timeIntervalSince1970) % 10_000_000)"
            let messages = try Run.document(
                index: 1, notation: notation, from: sender, to: recipient,
                body: Data(repeating: 0x42, count: mebibytes * 1024 * 1024),
                signing: (
                    try PEM.loadSigningKey(pemFile: senderPaths.signingKey), senderPaths.signingAlgorithm,
                    try PEM.loadCertificateChain(pemFile: senderPaths.signingChain)
                ))
            let documentID = Run.documentID(1, sender, notation)
            try await PlatformClient(
                address: address, certificatePath: senderPaths.connectionCertificate,
                keyPath: senderPaths.connectionKey, platformCAPath: pki.platformCA
            ).exchange {
                _ = try await $0.sendDocument(
                    request: StreamingClientRequest { try await $0.write(contentsOf: messages) }
                ) { try $0.message }
            }
            Self.say("sent \(documentID)")
            let client = PlatformClient(
                address: address, certificatePath: recipientPaths.connectionCertificate,
                keyPath: recipientPaths.connectionKey, platformCAPath: pki.platformCA)
            let (streams, hold) = (self.streams, self.holdSeconds)
            let started = SharedCounter()
            try await client.exchange { exchange in
                try await withThrowingTaskGroup(of: Void.self) { readers in
                    for _ in 0..<streams {
                        readers.addTask {
                            try await exchange.downloadAttachment(.with { $0.documentID = documentID }) { response in
                                for try await _ in response.messages {
                                    started.add(1)
                                    try await Task.sleep(for: .seconds(3600))
                                }
                            }
                        }
                    }
                    let deadline = ContinuousClock.now + .seconds(120)
                    while started.value < streams, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    Self.say("holding \(started.value) streams")
                    try await Task.sleep(for: .seconds(hold))
                    readers.cancelAll()
                }
            }
            Self.say("released")
        }

        /// A line on standard output at once (the script waits for it).
        static func say(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    /// `vdxp crash-load run`: the load, then the check.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send, fetch and acknowledge until --stop-file exists, then drain and check; exit 1 on any loss.",
            discussion: """
                Sends go from the first demo member to the second; every send that fails is retried with exactly \
                the same signed bytes (same document id) until Exchange acknowledges it. The recipient leases its \
                inbox with a short lease and acknowledges each delivery, retrying failed acknowledgements. When \
                the stop file appears, sends in flight are finished, the inbox is drained, and the tool checks with \
                ListSentDocuments and ListReceivedDocuments that every acknowledged send is stored exactly once, \
                every acknowledged delivery is still ACKNOWLEDGED, and no document was delivered again after its \
                acknowledgement. It prints the counts and exits non-zero on any loss or duplicate.
                """)
        @Option(help: "Exchange's gRPC address.") var exchange = "127.0.0.1:7200"
        @Option(help: "The PKI directory (with pki.json).") var pkiDirectory = ".vdxp/dev/pki"
        @Option(help: "The load stops when this file exists.") var stopFile: String
        @Option(help: "How many sends in flight at once.") var senders = 4
        @Option(help: "Attachment size in bytes per document.") var attachmentBytes = 8 * 1024
        @Option(help: "The lease the recipient takes on each delivery, in seconds (10 to 3600).") var leaseSeconds = 10
        @Option(help: "How long the drain and each retried call may take, in seconds, before counting a loss.")
        var drainSeconds = 180
        @Option(help: "Write the counts as JSON to this file too.") var summary: String?
        @Option(help: "Keep '<acknowledged sends> <acknowledged deliveries>' in this file, updated as the load runs.")
        var progress: String?

        func run() async throws {
            guard let address = HostAndPort(exchange) else { throw CLIError("--exchange must be host:port") }
            let pki = try PKI.load(from: pkiDirectory)
            let sender = Dev.demoMembers[0]
            let recipient = Dev.demoMembers[1]
            guard let senderPaths = pki.members[sender.organisationID],
                let recipientPaths = pki.members[recipient.organisationID]
            else { throw CLIError("the PKI has no demo members; run `vdxp pki init` first") }
            let signing = (
                key: try PEM.loadSigningKey(pemFile: senderPaths.signingKey), algorithm: senderPaths.signingAlgorithm,
                chain: try PEM.loadCertificateChain(pemFile: senderPaths.signingChain)
            )
            let senderClient = PlatformClient(
                address: address, certificatePath: senderPaths.connectionCertificate,
                keyPath: senderPaths.connectionKey, platformCAPath: pki.platformCA)
            let recipientClient = PlatformClient(
                address: address, certificatePath: recipientPaths.connectionCertificate,
                keyPath: recipientPaths.connectionKey, platformCAPath: pki.platformCA)
            // A notation of its own per run, so that the check sees only this run's documents.
            let notation = "CRASH\(Int(Date().timeIntervalSince1970) % 10_000_000)"
            let ledger = CrashLedger()
            let stopFile = self.stopFile
            let body = Data((0..<attachmentBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let drain = Duration.seconds(drainSeconds)
            let lease = Int64(leaseSeconds)
            let senders = self.senders
            let started = ContinuousClock.now
            print(
                "crash-load: sending as \(sender.organisationID) to \(recipient.organisationID), notation \(notation)")

            let sendsDone = SharedCounter()
            let progressWriter = progress.map { path in
                Task {
                    while !Task.isCancelled {
                        let (sends, deliveries) = ledger.counts()
                        try? "\(sends) \(deliveries)\n".write(toFile: path, atomically: true, encoding: .utf8)
                        try? await Task.sleep(for: .milliseconds(250))
                    }
                }
            }
            defer { progressWriter?.cancel() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await senderClient.run { grpc in
                        let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                        try await withThrowingTaskGroup(of: Void.self) { workers in
                            for _ in 0..<senders {
                                workers.addTask {
                                    while !FileManager.default.fileExists(atPath: stopFile) {
                                        let index = ledger.nextIndex()
                                        let messages = try Self.document(
                                            index: index, notation: notation, from: sender, to: recipient,
                                            body: body, signing: signing)
                                        try await Self.sendUntilAcknowledged(
                                            messages, documentID: Self.documentID(index, sender, notation),
                                            exchange: exchange,
                                            ledger: ledger, limit: drain)
                                    }
                                }
                            }
                            try await workers.waitForAll()
                        }
                    }
                    sendsDone.add(1)
                }
                group.addTask {
                    try await recipientClient.run { grpc in
                        let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                        try await Self.receive(
                            exchange: exchange, ledger: ledger, lease: lease, drain: drain,
                            sendsDone: { sendsDone.value > 0 })
                    }
                }
                try await group.waitForAll()
            }
            print("crash-load: load stopped after \(ContinuousClock.now - started); checking through the API")

            let stored = try await senderClient.run { grpc in
                try await Self.sentDocuments(
                    notation: notation, exchange: Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc))
            }
            let received = try await recipientClient.run { grpc in
                try await Self.receivedStates(
                    notation: notation, of: recipient.organisationID,
                    exchange: Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc))
            }
            let report = ledger.check(stored: stored, received: received)
            print(report.text)
            if let summary {
                try report.json.write(to: URL(fileURLWithPath: summary), atomically: true, encoding: .utf8)
            }
            if !report.passed { throw ExitCode(1) }
        }

        /// The id of document `index` of this run.
        static func documentID(_ index: Int, _ sender: DevelopmentMember, _ notation: String) -> String {
            "\(sender.organisationID),2026,\(index)/\(notation)"
        }

        /// The signed SendDocument stream of document `index` of this run.
        static func document(
            index: Int, notation: String, from sender: DevelopmentMember, to recipient: DevelopmentMember, body: Data,
            signing: (key: SigningKey, algorithm: SignatureAlgorithm, chain: [Certificate])
        ) throws -> [Vdxp_Exchange_V1_SendDocumentRequest] {
            let header = SyntheticHeader.make(
                documentID: documentID(index, sender, notation), number: "\(index)", notation: notation,
                subject: "Thử sập nguồn \(index)", signer: "Máy thử", from: sender, to: recipient)
            let builder = SignedDocumentBuilder(
                header: header, attachments: [("thu.bin", "application/octet-stream", body)])
            return builder.messages(
                for: try builder.signedDocument(
                    signingKey: signing.key, algorithm: signing.algorithm, chain: signing.chain))
        }

        /// Codes after which a member's system retries the same call: the platform was down or restarting.
        static let retryable: Set<RPCError.Code> = [
            .unavailable, .deadlineExceeded, .cancelled, .unknown, .internalError, .aborted, .resourceExhausted,
        ]

        /// Options of every call: a deadline, so that a call caught by a crash comes back.
        static var callOptions: CallOptions {
            var options = CallOptions.defaults
            options.timeout = .seconds(15)
            return options
        }

        /// Sends `messages` until Exchange answers with the document; retries with the same bytes after a failure.
        static func sendUntilAcknowledged(
            _ messages: [Vdxp_Exchange_V1_SendDocumentRequest], documentID: String,
            exchange: Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>, ledger: CrashLedger,
            limit: Duration
        ) async throws {
            let deadline = ContinuousClock.now + limit
            var failures = 0
            while true {
                do {
                    let response = try await exchange.sendDocument(
                        request: StreamingClientRequest { try await $0.write(contentsOf: messages) },
                        options: callOptions
                    ) { try $0.message }
                    ledger.sendAcknowledged(
                        documentID, afterFailures: failures, answeredDuplicate: response.duplicate,
                        storedID: response.document.documentID)
                    return
                } catch let error as RPCError where retryable.contains(error.code) {
                    failures += 1
                } catch {
                    // A definitive refusal (e.g. ALREADY_EXISTS for bytes that are the same): the retry contract broke.
                    ledger.sendRefused(documentID, error: "\(error)")
                    return
                }
                guard ContinuousClock.now < deadline else {
                    ledger.sendAbandoned(documentID)
                    return
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        /// Leases and acknowledges the inbox until the sends are done and every acknowledged send was received.
        static func receive(
            exchange: Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>, ledger: CrashLedger,
            lease: Int64, drain: Duration, sendsDone: @Sendable () -> Bool
        ) async throws {
            var drainDeadline: ContinuousClock.Instant?
            while true {
                if sendsDone() {
                    let deadline = drainDeadline ?? ContinuousClock.now + drain
                    drainDeadline = deadline
                    if ledger.everythingReceived() || ContinuousClock.now >= deadline { return }
                }
                let deliveries: [Vdxp_Exchange_V1_Delivery]
                do {
                    deliveries = try await exchange.fetchInbox(
                        .with {
                            $0.maxDeliveries = 50
                            $0.leaseDuration = .init(seconds: lease, nanos: 0)
                        }, options: callOptions
                    ).deliveries
                } catch let error as RPCError where retryable.contains(error.code) {
                    try await Task.sleep(for: .milliseconds(200))
                    continue
                }
                if deliveries.isEmpty {
                    try await Task.sleep(for: .milliseconds(100))
                    continue
                }
                for delivery in deliveries {
                    ledger.delivered(delivery.deliveryID, documentID: delivery.documentID)
                    // An acknowledgement is idempotent: retried until answered, through an outage of Exchange and
                    // PostgreSQL both (two kills of each can take longer than a few seconds). Giving up after 20
                    // tries (4 s) once left a delivery committed as ACKNOWLEDGED whose answer never came, which
                    // the ledger then counted as never delivered.
                    let acknowledgeUntil = ContinuousClock.now + .seconds(120)
                    while ContinuousClock.now < acknowledgeUntil {
                        do {
                            let acknowledged = try await exchange.acknowledgeDelivery(
                                .with { $0.deliveryID = delivery.deliveryID }, options: callOptions)
                            if acknowledged.state == .acknowledged {
                                ledger.deliveryAcknowledged(delivery.deliveryID, documentID: delivery.documentID)
                            }
                            break
                        } catch let error as RPCError where retryable.contains(error.code) {
                            try await Task.sleep(for: .milliseconds(200))
                        } catch {
                            // E.g. the lease ran out during an outage and another fetch holds it: it comes again.
                            ledger.acknowledgementRefused(delivery.deliveryID, error: "\(error)")
                            break
                        }
                    }
                }
            }
        }

        /// How many times each document id of this run appears among the sender's sent documents.
        static func sentDocuments(
            notation: String, exchange: Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>
        ) async throws -> [String: Int] {
            var counts: [String: Int] = [:]
            var token = ""
            repeat {
                let page = try await exchange.listSentDocuments(
                    .with {
                        $0.pageSize = 100
                        $0.pageToken = token
                    }, options: callOptions)
                for document in page.documents where document.documentID.hasSuffix("/\(notation)") {
                    counts[document.documentID, default: 0] += 1
                }
                token = page.nextPageToken
            } while !token.isEmpty
            return counts
        }

        /// The delivery id and state of each document of this run at `recipient`, with how often each appears.
        static func receivedStates(
            notation: String, of recipient: String,
            exchange: Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>
        ) async throws -> [String: (deliveryID: String, state: Vdxp_Exchange_V1_DeliveryState, count: Int)] {
            var states: [String: (deliveryID: String, state: Vdxp_Exchange_V1_DeliveryState, count: Int)] = [:]
            var token = ""
            repeat {
                let page = try await exchange.listReceivedDocuments(
                    .with {
                        $0.pageSize = 100
                        $0.pageToken = token
                    }, options: callOptions)
                for document in page.documents where document.documentID.hasSuffix("/\(notation)") {
                    guard let state = document.recipients.first(where: { $0.recipientOrganisationID == recipient })
                    else { continue }
                    let count = (states[document.documentID]?.count ?? 0) + 1
                    states[document.documentID] = (state.deliveryID, state.deliveryState, count)
                }
                token = page.nextPageToken
            } while !token.isEmpty
            return states
        }
    }
}

/// A count shared by tasks.
final class SharedCounter: Sendable {
    private let count = Mutex(0)

    func add(_ amount: Int) { count.withLock { $0 += amount } }

    var value: Int { count.withLock { $0 } }
}

/// What the crash-load client saw, and the check of it against what Exchange holds afterwards.
final class CrashLedger: Sendable {
    private struct State {
        var next = 1
        /// Document ids Exchange acknowledged (answered with the stored document).
        var acknowledgedSends: Set<String> = []
        /// Of those, how many needed a retry; and how many retries were answered `duplicate` (committed before).
        var recovered = 0
        var recoveredAsDuplicate = 0
        /// Sends refused definitively or abandoned after the time limit.
        var refusedSends: [String: String] = [:]
        var abandonedSends: Set<String> = []
        /// Acknowledged sends whose answer named another document id.
        var mismatched: Set<String> = []
        /// Delivery id per document id, as leased; deliveries leased more than once before their acknowledgement.
        var deliveryOfDocument: [String: String] = [:]
        var leases: [String: Int] = [:]
        /// Deliveries acknowledged, and those leased again after their acknowledgement (delivered twice as new).
        var acknowledgedDeliveries: [String: String] = [:]
        var deliveredAfterAcknowledgement = 0
        /// Documents that came in a second delivery of their own.
        var secondDeliveries = 0
        var refusedAcknowledgements = 0
    }

    private let state = Mutex(State())

    func nextIndex() -> Int {
        state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
    }

    func sendAcknowledged(_ documentID: String, afterFailures failures: Int, answeredDuplicate: Bool, storedID: String)
    {
        state.withLock {
            $0.acknowledgedSends.insert(documentID)
            if failures > 0 { $0.recovered += 1 }
            if failures > 0, answeredDuplicate { $0.recoveredAsDuplicate += 1 }
            if storedID != documentID { $0.mismatched.insert(documentID) }
        }
    }

    /// Acknowledged sends and acknowledged deliveries so far.
    func counts() -> (Int, Int) {
        state.withLock { ($0.acknowledgedSends.count, $0.acknowledgedDeliveries.count) }
    }

    func sendRefused(_ documentID: String, error: String) {
        state.withLock { $0.refusedSends[documentID] = error }
    }

    func sendAbandoned(_ documentID: String) {
        state.withLock { _ = $0.abandonedSends.insert(documentID) }
    }

    func delivered(_ deliveryID: String, documentID: String) {
        state.withLock {
            if $0.acknowledgedDeliveries[deliveryID] != nil { $0.deliveredAfterAcknowledgement += 1 }
            if let known = $0.deliveryOfDocument[documentID], known != deliveryID { $0.secondDeliveries += 1 }
            $0.deliveryOfDocument[documentID] = deliveryID
            $0.leases[deliveryID, default: 0] += 1
        }
    }

    func deliveryAcknowledged(_ deliveryID: String, documentID: String) {
        state.withLock { $0.acknowledgedDeliveries[deliveryID] = documentID }
    }

    func acknowledgementRefused(_ deliveryID: String, error: String) {
        state.withLock { $0.refusedAcknowledgements += 1 }
    }

    /// Whether every acknowledged send has been received and its delivery acknowledged.
    func everythingReceived() -> Bool {
        state.withLock { state in
            let acknowledgedDocuments = Set(state.acknowledgedDeliveries.values)
            return state.acknowledgedSends.isSubset(of: acknowledgedDocuments)
        }
    }

    /// The outcome of a run.
    struct Report {
        var text: String
        var json: String
        var passed: Bool
    }

    /// Checks the ledger against what the sender's ListSentDocuments (`stored`: count per document id) and the
    /// recipient's ListReceivedDocuments (`received`) show now.
    func check(
        stored: [String: Int],
        received: [String: (deliveryID: String, state: Vdxp_Exchange_V1_DeliveryState, count: Int)]
    ) -> Report {
        state.withLock { state in
            let acknowledged = state.acknowledgedSends
            let lost = acknowledged.filter { (stored[$0] ?? 0) == 0 }.sorted()
            let duplicated = stored.filter { $0.value > 1 }.keys.sorted()
            let listedTwice = received.filter { $0.value.count > 1 }.keys.sorted()
            let acknowledgedDocuments = Set(state.acknowledgedDeliveries.values)
            let neverDelivered = acknowledged.subtracting(acknowledgedDocuments).sorted()
            let acknowledgementLost = state.acknowledgedDeliveries.filter { deliveryID, documentID in
                guard let now = received[documentID] else { return true }
                return now.deliveryID != deliveryID || now.state != .acknowledged
            }.keys.sorted()
            let releasedAgain = state.leases.values.filter { $0 > 1 }.count
            let failures =
                lost.count + duplicated.count + listedTwice.count + neverDelivered.count + acknowledgementLost.count
                + state.deliveredAfterAcknowledgement + state.secondDeliveries + state.refusedSends.count
                + state.abandonedSends.count + state.mismatched.count
            var lines = [
                "sends acknowledged: \(acknowledged.count)  (recovered by a retry with the same document id: "
                    + "\(state.recovered), of which answered as already stored: \(state.recoveredAsDuplicate))",
                "sends lost (acknowledged, not stored): \(lost.count)",
                "sends duplicated (stored more than once): \(duplicated.count)",
                "sends refused on retry: \(state.refusedSends.count), abandoned after the time limit: "
                    + "\(state.abandonedSends.count), answered with another id: \(state.mismatched.count)",
                "deliveries acknowledged: \(state.acknowledgedDeliveries.count)  (leased again after a lease ran out, "
                    + "before acknowledgement: \(releasedAgain); acknowledgements refused, then redelivered: "
                    + "\(state.refusedAcknowledgements))",
                "deliveries lost (acknowledged send never delivered): \(neverDelivered.count)",
                "acknowledgements lost (acknowledged, no longer ACKNOWLEDGED): \(acknowledgementLost.count)",
                "delivered as new again after acknowledgement: \(state.deliveredAfterAcknowledgement), "
                    + "a second delivery of one document: \(state.secondDeliveries + listedTwice.count)",
                failures == 0 ? "PASS: nothing acknowledged was lost or duplicated" : "FAIL: \(failures) problem(s)",
            ]
            for (name, ids) in [
                ("lost", lost), ("duplicated", duplicated), ("never delivered", neverDelivered),
                ("acknowledgement lost", acknowledgementLost),
            ] where !ids.isEmpty {
                lines.append("  \(name): \(ids.prefix(10).joined(separator: " "))")
            }
            for (id, error) in state.refusedSends.prefix(5) { lines.append("  refused \(id): \(error)") }
            let json = """
                {"acked": \(acknowledged.count), "recovered": \(state.recovered), \
                "recovered_as_duplicate": \(state.recoveredAsDuplicate), "lost": \(lost.count), \
                "duplicated": \(duplicated.count + listedTwice.count + state.secondDeliveries), \
                "deliveries_acked": \(state.acknowledgedDeliveries.count), "deliveries_lost": \(neverDelivered.count), \
                "acks_lost": \(acknowledgementLost.count), \
                "delivered_after_ack": \(state.deliveredAfterAcknowledgement), "leased_again": \(releasedAgain), \
                "refused": \(state.refusedSends.count), "abandoned": \(state.abandonedSends.count), \
                "passed": \(failures == 0)}
                """
            return Report(
                text: lines.map { "crash-load: " + $0 }.joined(separator: "\n"), json: json, passed: failures == 0)
        }
    }
}
