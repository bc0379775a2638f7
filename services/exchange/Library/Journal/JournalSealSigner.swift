import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// Seals the journal (Art. 5.3): every `interval`, when the chain has grown since the last seal, signs the sequence
/// and hash of the last chained entry with Exchange's own key (its `service:exchange` certificate from the platform
/// CA) and stores the seal (`JournalSeal`, layout and verification in journal.proto). One replica at a time, under a
/// transaction-scoped advisory lock. The time in a seal is the injected clock's.
///
/// Setting: `VDXP_EXCHANGE_JOURNAL_SEAL_SECONDS` (1 to 86400; default 300).
struct JournalSealSigner: Service {
    let database: Database
    let journal: JournalStore
    let seals: JournalSealStore
    /// Exchange's service key and certificate chain (DER, leaf first).
    let key: SigningKey
    let certificateChain: [Data]
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    /// The statement's `purpose`: a signature made for anything else never reads as a seal.
    static let purpose = "vdxp.exchange.v1.JournalSeal"

    func run() async throws {
        // An error, as chaining's: an unsealed journal is non-repudiation (Art. 5.3) lapsing, for someone to act on.
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot seal the journal", level: .error) {
            try await seal()
        }
    }

    /// Seals the chain head if it moved since the last seal; returns the sealed sequence, or nil when nothing was
    /// sealed (no new entry, or another replica is sealing).
    @discardableResult
    func seal() async throws -> Int64? {
        let (journal, seals, key, chain, logger) = (self.journal, self.seals, self.key, certificateChain, self.logger)
        let now = clock.now()
        return try await database.transaction(logger: logger) { connection in
            guard try await seals.tryLockSigner(on: connection) else { return nil }
            guard let head = try await journal.lastChained(on: connection),
                head.sequence > (try await seals.lastSealedSequence(on: connection))
            else { return nil }
            let statement: [UInt8] = try Vdxp_Exchange_V1_JournalSealStatement.with {
                $0.purpose = Self.purpose
                $0.sequence = head.sequence
                $0.hash = head.hash
                $0.sealTime = .init(date: now)
            }.serializedBytes()
            let algorithm = key.defaultAlgorithm
            let seal = Vdxp_Exchange_V1_JournalSeal.with {
                $0.statement = Data(statement)
                $0.signatureAlgorithm = algorithm.proto
                $0.certificateChain = chain
            }
            var signed = seal
            signed.signature = Data(try key.sign(statement, algorithm: algorithm))
            try await seals.insert(signed, sequence: head.sequence, at: now, on: connection)
            return head.sequence
        }
    }
}
