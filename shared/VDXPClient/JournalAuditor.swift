import Foundation
import SwiftASN1
import SwiftProtobuf
public import VDXPProto
import VDXPRuntime
import VDXPTrust
public import X509

/// Checks Exchange's journal from the outside (Art. 5.3), with nothing but the platform CA: every entry's hash against
/// its content and its predecessor, and every seal's signature (Exchange's `service:exchange` certificate) against the
/// chain as it is now. Feed it the seals (`ListJournalSeals`), then the entries in order (`StreamJournal` with
/// `until_head`), then ask for ``finish()``. Memory stays bounded by the number of seals.
///
/// ```swift
/// var auditor = try await JournalAuditor(seals: seals, platformCA: [ca], startingAfter: 0)
/// for try await entry in stream.messages { if !auditor.check(entry) { break } }
/// let report = auditor.finish()
/// ```
public struct JournalAuditor: Sendable {
    /// What the audit found.
    public struct Report: Sendable {
        /// Entries whose hash and link were checked.
        public var entriesChecked = 0
        /// Seals whose signature verified and whose hash the chain reached.
        public var sealsChecked = 0
        /// The last sequence checked (the start when none was).
        public var lastSequence: Int64
        /// The first problem, when the journal is not intact.
        public var problem: Problem?
    }

    /// The first place where the journal is not what was chained and sealed.
    public struct Problem: Sendable, CustomStringConvertible {
        /// The sequence of the first tampered entry, or of the seal the chain no longer matches.
        public let sequence: Int64
        /// What is wrong there, for a person.
        public let description: String
    }

    /// The sealed hashes by sequence, from the seals that verified.
    private var sealed: [Int64: (hash: [UInt8], time: Date)] = [:]
    private var previousHash: [UInt8]?
    private var report: Report

    /// Verifies every seal of a sequence after `start`; the first that does not verify is the report's problem.
    ///
    /// - Parameters:
    ///   - seals: The journal's seals, as `ListJournalSeals` lists them.
    ///   - platformCA: The platform CA certificates the seals' certificates must chain to.
    ///   - start: The audit begins with the entry after this sequence; 0 for the whole journal (whose first entry
    ///     links to 32 zero bytes). From any other point, the first entry's own `previous_hash` is the start.
    public init(
        seals: [Vdxp_Exchange_V1_JournalSeal], platformCA: [Certificate], startingAfter start: Int64
    ) async {
        report = Report(lastSequence: start)
        previousHash = start == 0 ? JournalChain.genesis : nil
        let validator = CertificateChainValidator(trustedRoots: platformCA)
        for (index, seal) in seals.enumerated() {
            do {
                let statement = try await Self.verified(seal, validator: validator)
                guard statement.sequence > start else { continue }
                sealed[statement.sequence] = (Array(statement.hash), statement.sealTime.date)
            } catch {
                let sequence =
                    (try? Vdxp_Exchange_V1_JournalSealStatement(serializedBytes: seal.statement).sequence) ?? 0
                report.problem = Problem(
                    sequence: sequence,
                    description: "seal \(index + 1) (sequence \(sequence)) is not Exchange's: \(error)")
                return
            }
        }
    }

    /// Checks the next entry; returns false once a problem is found (stop feeding it then).
    public mutating func check(_ entry: Vdxp_Exchange_V1_JournalEntry) -> Bool {
        guard report.problem == nil else { return false }
        let expectedSequence = report.lastSequence + 1
        guard entry.sequence == expectedSequence else {
            return fail(
                expectedSequence, "entry \(expectedSequence) is missing: the journal goes on at \(entry.sequence)")
        }
        let previous = previousHash ?? Array(entry.previousHash)
        guard Array(entry.previousHash) == previous else {
            return fail(entry.sequence, "entry \(entry.sequence) does not link to entry \(entry.sequence - 1)'s hash")
        }
        let micros = entry.recordTime.seconds * 1_000_000 + Int64(entry.recordTime.nanos / 1000)
        let hash = JournalChain.entryHash(
            previous: previous, sequence: entry.sequence, entryID: entry.entryID, eventType: entry.eventType,
            documentID: entry.documentID, recordedAtMicroseconds: micros, payload: Array(entry.payload))
        guard hash == Array(entry.hash) else {
            return fail(
                entry.sequence,
                "entry \(entry.sequence) (\(entry.eventType), \(entry.documentID)) was changed: its content no "
                    + "longer gives its hash")
        }
        if let seal = sealed[entry.sequence] {
            guard seal.hash == hash else {
                return fail(
                    entry.sequence,
                    "the chain up to entry \(entry.sequence) is not the one sealed at "
                        + "\(seal.time.ISO8601Format()): an entry up to it was rewritten together with the hashes "
                        + "after it")
            }
            report.sealsChecked += 1
        }
        previousHash = hash
        report.lastSequence = entry.sequence
        report.entriesChecked += 1
        return true
    }

    /// The report; a seal beyond the last entry checked means entries were removed from the end.
    public func finish() -> Report {
        var final = report
        if final.problem == nil, let beyond = sealed.keys.filter({ $0 > report.lastSequence }).min() {
            final.problem = Problem(
                sequence: beyond,
                description: "a seal covers entry \(beyond) but the journal ends at \(report.lastSequence): "
                    + "entries were removed")
        }
        return final
    }

    private mutating func fail(_ sequence: Int64, _ description: String) -> Bool {
        report.problem = Problem(sequence: sequence, description: description)
        return false
    }

    /// The statement of `seal` once its signature and certificate hold.
    private static func verified(
        _ seal: Vdxp_Exchange_V1_JournalSeal, validator: CertificateChainValidator
    ) async throws -> Vdxp_Exchange_V1_JournalSealStatement {
        let statement = try Vdxp_Exchange_V1_JournalSealStatement(serializedBytes: seal.statement)
        guard statement.purpose == "vdxp.exchange.v1.JournalSeal" else {
            throw AuditError("its statement is for \(statement.purpose.isEmpty ? "nothing" : statement.purpose)")
        }
        let chain = try seal.certificateChain.map { try Certificate(derEncoded: Array($0)) }
        guard let leaf = chain.first, leaf.commonName == "service:exchange" else {
            throw AuditError("it is not signed with a service:exchange certificate")
        }
        guard let algorithm = SignatureAlgorithm(proto: seal.signatureAlgorithm) else {
            throw AuditError("it names no known signature algorithm")
        }
        try verifySignature(
            Array(seal.signature), over: Array(seal.statement), algorithm: algorithm, publicKey: leaf.publicKey)
        let validation = await validator.validate(leafFirst: chain, at: statement.sealTime.date, purpose: .any)
        if let error = validation.error {
            throw AuditError("its certificate does not chain to the platform CA: \(error)")
        }
        return statement
    }

    struct AuditError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
