import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// `vdxp bench send`: a load harness against a running platform, side by side with the database alone (pgbench
/// doing the same writes, one transaction per send, same concurrency, same run). Benchmark release builds only
/// (debug builds are about 7× slower); results go to docs/performance.md by hand, with the machine they were measured
/// on and its load (docs/performance.md says how).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the platform under load (release builds only).",
        subcommands: [SendLoad.self, SubscribeLatency.self, RPCLoad.self, SearchLoad.self, ReportLoad.self])

    /// `count` documents from the first demo member to the second, each with one incompressible attachment of
    /// `attachmentBytes`, signed with the sender's seal, as SendDocument streams: signed before any measurement, so
    /// that the harness measures the platform, not the client's RSA signing.
    static func signDocuments(
        count: Int, attachmentBytes: Int, cluster: ClusterFile
    ) throws -> [[Vdxp_Exchange_V1_SendDocumentRequest]] {
        let sender = Dev.demoMembers[0]
        let recipient = Dev.demoMembers[1]
        guard let paths = try cluster.developmentPKI(for: "the benchmark").members[sender.organisationID] else {
            throw CLIError("no seal for the demo sender")
        }
        let key = try PEM.loadSigningKey(pemFile: paths.signingKey)
        let chain = try PEM.loadCertificateChain(pemFile: paths.signingChain)
        // Milliseconds, so that two runs one after the other never reuse a document id (in whole seconds they did:
        // a short run and the next one in the same second, whose sends were then refused as ALREADY_EXISTS).
        let run = String(Int(Date().timeIntervalSince1970 * 1000) % 10_000_000_000)
        let signing = ProgressBar("signing  ", total: count)
        defer { signing.finish() }
        var streams: [[Vdxp_Exchange_V1_SendDocumentRequest]] = []
        for index in 0..<count {
            let header = SendLoad.header(index: index, run: run, from: sender, to: recipient)
            let builder = SignedDocumentBuilder(
                header: header,
                attachments: [
                    ("tai.bin", "application/octet-stream", SendLoad.incompressible(attachmentBytes, seed: index))
                ])
            streams.append(
                builder.messages(
                    for: try builder.signedDocument(signingKey: key, algorithm: paths.signingAlgorithm, chain: chain)))
            signing.advance()
        }
        return streams
    }

    struct SendLoad: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract:
                "Run pgbench with a send's writes, then sign and send documents concurrently, then fetch and "
                + "acknowledge them, then report each REGISTERED; report rates, latencies, CPU per document and "
                + "memory.")
        @Option(name: .customLong("cluster"), help: "The cluster file written by `vdxp dev up`.")
        var clusterPath = ClusterFile.defaultPath
        @Option(help: "How many documents.") var count = 2000
        @Option(help: "How many sends in flight at once (also pgbench's clients).") var concurrency = 32
        @Option(help: "Attachment size in bytes per document (incompressible; pgbench's payload too).")
        var attachmentBytes = 10 * 1024
        @Option(help: "Where pgbench and psql are.") var postgresBin = "/usr/lib/postgresql/15/bin"
        @Flag(help: "Skip the pgbench baseline.") var noPgbench = false
        @Option(help: "Also write every figure to this JSON file.") var json: String?
        @Option(
            name: .customLong("exchange-setting"),
            help: ArgumentHelp(
                "Restart Exchange first with this VDXP_EXCHANGE_NAME=value or VDXP_EVENT_LOOPS=n (repeatable); the "
                    + "commit-group, chain-cache and event-loop settings not given return to their defaults.",
                valueName: "setting"))
        var exchangeSettings: [String] = []

        func run() async throws {
            let (cluster, processes) = try await PlatformProcesses.load(
                clusterFile: clusterPath, restartingExchangeWith: exchangeSettings)
            let sender = Dev.demoMembers[0]
            let recipient = Dev.demoMembers[1]
            let client = try cluster.memberClient("exchange", as: sender.organisationID)
            let (count, concurrency) = (self.count, self.concurrency)
            var report = BenchReport(
                count: count, concurrency: concurrency, attachmentBytes: attachmentBytes,
                loadAverageBefore: ProcessFigures.loadAverage(), idleRSSBytes: processes.rss())
            let documents = try Bench.signDocuments(count: count, attachmentBytes: attachmentBytes, cluster: cluster)

            if !noPgbench {
                FileHandle.standardError.write(Data("pgbench: the same writes, one transaction per send\n".utf8))
                report.pgbench = try await PgbenchBaseline(
                    databaseURL: try cluster.developmentDatabase(for: "the benchmark's pgbench baseline"),
                    binaries: postgresBin, clients: concurrency,
                    transactions: count, payloadBytes: attachmentBytes
                ).run(postmaster: processes.postmaster)
            }

            let sampler = PeakMemorySampler(processes)
            let backends = PostgresBackendCPU(
                databaseURL: try cluster.developmentDatabase(for: "the benchmark"), binaries: postgresBin)
            let metrics = cluster.services["exchange"]?.metrics.flatMap { URL(string: $0) }
            let sendGroups = await CommitGroupFigures.read("send", at: metrics)
            let sendBackends = await backends.read()
            let sendCPU = processes.cpu()
            let sending = ProgressBar("sending  ", total: count)
            let sendStart = ContinuousClock.now
            let sendLatencies = try await sampler.during {
                try await client.run { grpc in
                    let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                    return try await LatencyRecorder.timing(count, concurrency: concurrency, progress: sending) {
                        index in
                        let messages = documents[index]
                        _ = try await exchange.sendDocument(
                            request: StreamingClientRequest { try await $0.write(contentsOf: messages) }
                        ) { try $0.message }
                    }
                }
            }
            let sendElapsed = ContinuousClock.now - sendStart
            sending.finish()
            report.send = .init(
                count: count, seconds: sendElapsed.timeInterval, perSecond: Double(count) / sendElapsed.timeInterval,
                latencyMs: sendLatencies.summary,
                cpuSecondsPerDocument: Self.perDocument(from: sendCPU, to: processes.cpu(), count: count),
                postgresCPUSecondsPerDocument: PostgresBackendCPU.perDocument(
                    from: sendBackends, to: await backends.read(), count: count),
                commitGroups: CommitGroupFigures(
                    from: sendGroups, to: await CommitGroupFigures.read("send", at: metrics)))

            let inbox = try cluster.memberClient("exchange", as: recipient.organisationID)
            let acknowledgementGroups = await CommitGroupFigures.read("acknowledgement", at: metrics)
            let receiveBackends = await backends.read()
            let receiveCPU = processes.cpu()
            let receiving = ProgressBar("fetch+ack", total: count)
            let receiveStart = ContinuousClock.now
            let (receivedIDs, ackLatencies) = try await sampler.during {
                try await inbox.run { grpc in
                    let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                    var received: [String] = []
                    var latencies = LatencyRecorder()
                    while received.count < count {
                        let deliveries = try await exchange.fetchInbox(.with { $0.maxDeliveries = 100 }).deliveries
                        if deliveries.isEmpty { break }
                        try await withThrowingTaskGroup(of: Duration.self) { group in
                            for delivery in deliveries {
                                group.addTask {
                                    let start = ContinuousClock.now
                                    _ = try await exchange.acknowledgeDelivery(
                                        .with { $0.deliveryID = delivery.deliveryID })
                                    return ContinuousClock.now - start
                                }
                            }
                            while let latency = try await group.next() {
                                latencies.record(latency)
                                receiving.advance()
                            }
                        }
                        received += deliveries.map(\.documentID)
                    }
                    return (received, latencies)
                }
            }
            let receiveElapsed = ContinuousClock.now - receiveStart
            receiving.finish()
            let received = receivedIDs.count
            report.fetchAcknowledge = .init(
                count: received, seconds: receiveElapsed.timeInterval,
                perSecond: Double(received) / receiveElapsed.timeInterval, latencyMs: ackLatencies.summary,
                cpuSecondsPerDocument: Self.perDocument(from: receiveCPU, to: processes.cpu(), count: received),
                postgresCPUSecondsPerDocument: PostgresBackendCPU.perDocument(
                    from: receiveBackends, to: await backends.read(), count: received),
                commitGroups: CommitGroupFigures(
                    from: acknowledgementGroups, to: await CommitGroupFigures.read("acknowledgement", at: metrics)))

            let statusGroups = await CommitGroupFigures.read("status", at: metrics)
            let statusBackends = await backends.read()
            let statusCPU = processes.cpu()
            let reporting = ProgressBar("status   ", total: received)
            let statusStart = ContinuousClock.now
            let statusLatencies = try await sampler.during {
                try await inbox.run { grpc in
                    let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                    return try await LatencyRecorder.timing(received, concurrency: concurrency, progress: reporting) {
                        index in
                        _ = try await exchange.updateDocumentStatus(
                            .with {
                                $0.documentID = receivedIDs[index]
                                $0.status = .registered
                                $0.handler = .with {
                                    $0.fullName = "Văn thư (vdxp bench)"
                                    $0.unit = "Văn phòng"
                                }
                            })
                    }
                }
            }
            let statusElapsed = ContinuousClock.now - statusStart
            reporting.finish()
            report.statusReports = .init(
                count: received, seconds: statusElapsed.timeInterval,
                perSecond: Double(received) / statusElapsed.timeInterval, latencyMs: statusLatencies.summary,
                cpuSecondsPerDocument: Self.perDocument(from: statusCPU, to: processes.cpu(), count: received),
                postgresCPUSecondsPerDocument: PostgresBackendCPU.perDocument(
                    from: statusBackends, to: await backends.read(), count: received),
                commitGroups: CommitGroupFigures(
                    from: statusGroups, to: await CommitGroupFigures.read("status", at: metrics)))
            report.peakRSSBytes = sampler.peak
            report.loadAverageAfter = ProcessFigures.loadAverage()

            print(report.text)
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            }
        }

        /// CPU seconds per document of each process between two readings.
        static func perDocument(from before: [String: Double], to after: [String: Double], count: Int) -> [String:
            Double]
        {
            guard count > 0 else { return [:] }
            return after.reduce(into: [:]) { result, entry in
                if let start = before[entry.key] { result[entry.key] = (entry.value - start) / Double(count) }
            }
        }

        /// `count` bytes that do not compress (xorshift), different for each document.
        static func incompressible(_ count: Int, seed: Int) -> Data {
            var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
            var bytes = [UInt8](repeating: 0, count: count)
            for index in bytes.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                bytes[index] = UInt8(truncatingIfNeeded: state)
            }
            return Data(bytes)
        }

        static func header(
            index: Int, run: String, from sender: DevelopmentMember, to recipient: DevelopmentMember
        ) -> Vdxp_Exchange_V1_DocumentHeader {
            SyntheticHeader.make(
                documentID: "\(sender.organisationID),2026,\(index)/B\(run)", number: "\(index)", notation: "B\(run)",
                subject: "Đo tải \(index)", signer: "Máy đo", priority: Int32(index % 5), from: sender, to: recipient)
        }
    }
}

extension Duration {
    var milliseconds: Double { timeInterval * 1000 }
}
