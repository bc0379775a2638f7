import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// Non-repudiation of the journal (Art. 5.3: the platform keeps what was exchanged so that nobody can deny it):
/// Exchange seals the chain head with its signature, and an audit from outside — with nothing but the platform CA —
/// finds a row changed directly in PostgreSQL, even when the hashes after it were recomputed to hide it.
@Suite("Exchange journal: sealed, audited, tampering found (Art. 5.3)", .serialized)
struct ExchangeJournalSealTests {
    /// The operator's client of Exchange.
    static func auditor(_ platform: TestPlatform) -> PlatformClient {
        var client = platform.operatorClient
        client.address = platform.exchange
        return client
    }

    static func audit(_ platform: TestPlatform, after start: Int64 = 0) async throws -> JournalAuditor.Report {
        try await auditor(platform).auditJournal(
            after: start, platformCA: try PEM.loadCertificateChain(pemFile: platform.pki.platformCA))
    }

    /// Sends and receives three documents, then waits until a seal covers the whole journal; returns its head.
    static func sealedJournal(_ platform: TestPlatform) async throws -> Int64 {
        for number in ["3101", "3102", "3103"] {
            try await platform.sendDocument(TestPlatform.header(number: number))
        }
        try await platform.receiveAll(as: TestPlatform.recipient)
        _ = try await platform.journalEventTypes(until: ["delivery.acknowledged"])
        for _ in 0..<300 {
            let head = try await entries(platform).last?.sequence ?? 0
            let seals = try await auditor(platform).exchange { try await $0.listJournalSeals(.init()).seals }
            let sealed = try seals.map { try Vdxp_Exchange_V1_JournalSealStatement(serializedBytes: $0.statement) }
            if head >= 6, sealed.last?.sequence == head { return head }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RPCError(code: .deadlineExceeded, message: "no seal covered the journal's head within 30 s")
    }

    /// The whole journal as the operator streams it.
    static func entries(_ platform: TestPlatform) async throws -> [Vdxp_Exchange_V1_JournalEntry] {
        try await auditor(platform).exchange { exchange in
            try await exchange.streamJournal(.with { $0.untilHead = true }) { response in
                var entries: [Vdxp_Exchange_V1_JournalEntry] = []
                for try await entry in response.messages { entries.append(entry) }
                return entries
            }
        }
    }

    /// Runs `body` with a direct connection to the platform's PostgreSQL — the attacker's.
    static func withDatabase(_ platform: TestPlatform, _ body: (Database) async throws -> Void) async throws {
        let database = Database(
            configuration: try DatabaseURL(platform.databaseURL).clientConfiguration(maximumConnections: 2),
            logger: platform.logger)
        let running = Task { await database.run() }
        defer { running.cancel() }
        try await body(database)
    }

    @Test("the journal is sealed with Exchange's signature, and the audit checks every entry and seal")
    func sealedAndIntact() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_JOURNAL_SEAL_SECONDS": "1"]) { platform in
            let head = try await Self.sealedJournal(platform)
            let report = try await Self.audit(platform)
            #expect(report.problem == nil, "\(report.problem?.description ?? "")")
            #expect(Int64(report.entriesChecked) == head)
            #expect(report.sealsChecked >= 1)
            let fromTheMiddle = try await Self.audit(platform, after: 3)
            #expect(fromTheMiddle.problem == nil)
            #expect(Int64(fromTheMiddle.entriesChecked) == head - 3)

            let member = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange { try await $0.listJournalSeals(.init()) }
            }
            #expect(member?.code == .permissionDenied)
        }
    }

    @Test("a payload changed in PostgreSQL is named by its sequence")
    func changedRowFound() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_JOURNAL_SEAL_SECONDS": "1"]) { platform in
            _ = try await Self.sealedJournal(platform)
            try await Self.withDatabase(platform) { database in
                try await database.query(
                    "UPDATE exchange.journal SET payload = payload || '\\x00'::bytea WHERE sequence = 2",
                    logger: platform.logger)
            }
            let report = try await Self.audit(platform)
            #expect(report.problem?.sequence == 2)
            #expect(report.problem?.description.contains("was changed") == true)
            #expect(report.entriesChecked == 1)
        }
    }

    @Test("a row changed with every later hash recomputed still breaks the seal")
    func rewrittenChainFound() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_JOURNAL_SEAL_SECONDS": "1"]) { platform in
            // Sealed up to the head; no entry follows, so no seal is made after the attacker's rewrite.
            _ = try await Self.sealedJournal(platform)
            let entries = try await Self.entries(platform)
            try await Self.withDatabase(platform) { database in
                var previous = Array(entries[1].previousHash)
                for (index, entry) in entries.enumerated() where index >= 1 {
                    var payload = Array(entry.payload)
                    if index == 1 { payload.append(0) }
                    let micros = entry.recordTime.seconds * 1_000_000 + Int64(entry.recordTime.nanos / 1000)
                    let hash = JournalChain.entryHash(
                        previous: previous, sequence: entry.sequence, entryID: entry.entryID,
                        eventType: entry.eventType, documentID: entry.documentID, recordedAtMicroseconds: micros,
                        payload: payload)
                    try await database.query(
                        """
                        UPDATE exchange.journal SET payload = \(Data(payload)), previous_hash = \(Data(previous)),
                            hash = \(Data(hash))
                        WHERE sequence = \(entry.sequence)
                        """, logger: platform.logger)
                    previous = hash
                }
            }
            let report = try await Self.audit(platform)
            let problem = try #require(report.problem)
            #expect(problem.description.contains("is not the one sealed"))
            #expect(problem.sequence >= 2)
        }
    }
}
