import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPProto
public import X509

extension PlatformClient {
    /// Audits Exchange's journal (Art. 5.3) as this client's identity (the operator): lists every seal, streams the
    /// entries after `start` up to the head, and checks them with ``JournalAuditor``.
    ///
    /// - Parameters:
    ///   - start: The audit checks the entries after this sequence; 0 for the whole journal.
    ///   - platformCA: The platform CA certificates the seals' certificates must chain to.
    ///   - exportingSealsTo: When set, the seals are also written there (JSON, `ListJournalSealsResponse`).
    /// - Returns: What the audit found; `problem` names the first tampered entry or seal.
    public func auditJournal(
        after start: Int64, platformCA: [Certificate], exportingSealsTo path: String? = nil
    ) async throws -> JournalAuditor.Report {
        try await exchange { exchange in
            var seals: [Vdxp_Exchange_V1_JournalSeal] = []
            var cursor: Int64 = 0
            while true {
                let page = try await exchange.listJournalSeals(
                    .with {
                        $0.afterSequence = cursor
                        $0.pageSize = 1000
                    }
                ).seals
                seals += page
                guard page.count == 1000, let last = page.last,
                    let statement = try? Vdxp_Exchange_V1_JournalSealStatement(serializedBytes: last.statement)
                else { break }
                cursor = statement.sequence
            }
            if let path {
                var json = JSONEncodingOptions()
                json.preserveProtoFieldNames = true
                let text = try Vdxp_Exchange_V1_ListJournalSealsResponse.with { $0.seals = seals }
                    .jsonString(options: json)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
            let auditor = await JournalAuditor(seals: seals, platformCA: platformCA, startingAfter: start)
            return try await exchange.streamJournal(
                .with {
                    $0.afterSequence = start
                    $0.untilHead = true
                }
            ) { response in
                var checking = auditor
                for try await entry in response.messages where !checking.check(entry) { break }
                return checking.finish()
            }
        }
    }
}
