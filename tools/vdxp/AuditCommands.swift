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
                and that the chain reaches the hash it sealed. Exits 1 naming the first problem. From a sequence \
                other than 0 the first entry's own previous hash is taken as the start.
                """)
        @OptionGroup var options: ClusterOptions
        @Option(help: "Check the entries after this sequence (0: the whole journal).") var after: Int64 = 0
        @Option(help: "Also write the seals to this file (JSON, ListJournalSealsResponse) for an outside verifier.")
        var exportSeals: String?

        func run() async throws {
            let cluster = try options.load()
            let client = try cluster.operatorClient("exchange")
            let platformCA = try PEM.loadCertificateChain(pemFile: cluster.pki.platformCA)
            let report = try await client.auditJournal(
                after: after, platformCA: platformCA, exportingSealsTo: exportSeals)
            if let problem = report.problem {
                print("TAMPERED at sequence \(problem.sequence): \(problem.description)")
                print("(\(report.entriesChecked) entries and \(report.sealsChecked) seals checked before it)")
                throw ExitCode(1)
            }
            print(
                "journal intact: \(report.entriesChecked) entries after sequence \(after) up to \(report.lastSequence), "
                    + "\(report.sealsChecked) seals verified")
        }
    }
}
