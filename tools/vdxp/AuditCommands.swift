import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPTrust

/// `vdxp audit verify`: checks Exchange's journal — its hash chain and Exchange's signed seals — from the outside
/// (Art. 5.3), as the operator, with nothing but the platform CA; `--export-seals` writes the seals for an outside
/// verifier.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify Exchange's journal (hash chain and signed seals, Art. 5.3).",
        subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the journal from a sequence on and name the first tampered entry.",
            discussion: """
                Streams the journal up to its current head and lists Exchange's seals; recomputes every entry's \
                hash from its content, checks each link, verifies each seal's signature against the platform CA \
                and that the chain reaches the hash it sealed. Exits 7 naming the first problem — 3 when Exchange \
                cannot be reached or the audit outlasts --timeout, 1 on any other failure to check. From a sequence \
                other than 0 the first entry's own previous hash is taken as the start.
                """)
        @OptionGroup var options: ClusterOptions
        @Option(help: "Check the entries after this sequence (0: the whole journal).") var after: Int64 = 0
        @Option(help: "Also write the seals to this file (JSON, ListJournalSealsResponse) for an outside verifier.")
        var exportSeals: String?

        func run() async throws {
            let cluster = try options.load()
            // The audit is a whole conversation with Exchange (seals, then the journal's stream), bounded as one
            // rather than call by call: the stream of a long journal outlasts --timeout and is not stuck.
            var unbounded = try cluster.operatorClient("exchange")
            unbounded.timeout = nil
            let client = unbounded
            let platformCA = try PEM.loadCertificateChain(pemFile: cluster.credentials.platformCA)
            let (after, exportSeals) = (after, exportSeals)
            let report = try await withDeadline(cluster.callTimeout, doing: "the audit") {
                try await client.auditJournal(
                    after: after, platformCA: platformCA, exportingSealsTo: exportSeals)
            }
            if options.json { try Self.printJSON(report, after: after) }
            if let problem = report.problem {
                let lines = [
                    "TAMPERED at sequence \(problem.sequence): \(problem.description)",
                    "(\(report.entriesChecked) entries and \(report.sealsChecked) seals checked before it)",
                ]
                if !options.json { lines.forEach { print($0) } }
                throw CommandFailure(.tampered, lines.joined(separator: "\n"))
            }
            if options.json { return }
            print(
                "journal intact: \(report.entriesChecked) entries after sequence \(after) up to \(report.lastSequence), "
                    + "\(report.sealsChecked) seals verified")
        }

        /// The outcome for a script (`--json`): `{"intact": false, "after": 0, "entries_checked": 41,
        /// "seals_checked": 3, "last_sequence": 41, "tampered": {"sequence": 42, "problem": "…"}}`. The exit status
        /// says the same (0 intact, 7 tampered).
        static func printJSON(_ report: JournalAuditor.Report, after: Int64) throws {
            var object: [String: Any] = [
                "intact": report.problem == nil, "after": after, "entries_checked": report.entriesChecked,
                "seals_checked": report.sealsChecked, "last_sequence": report.lastSequence,
            ]
            if let problem = report.problem {
                object["tampered"] = ["sequence": problem.sequence, "problem": problem.description]
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
