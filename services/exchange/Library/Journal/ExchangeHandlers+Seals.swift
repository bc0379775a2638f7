import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPProto

extension ExchangeHandlers {
    /// `ListJournalSeals`: the journal's seals in sequence order, for the audit (Art. 5.3).
    func listJournalSeals(
        request: Vdxp_Exchange_V1_ListJournalSealsRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_ListJournalSealsResponse {
        guard request.afterSequence >= 0 else {
            throw ExchangeError.invalidField(field: "after_sequence", message: "after_sequence must be 0 or more")
        }
        guard (0...1000).contains(request.pageSize) else {
            throw ExchangeError.invalidField(
                field: "page_size", message: "page_size must be 1 to 1000 (0 for the default, 100)")
        }
        let limit = request.pageSize == 0 ? 100 : Int(request.pageSize)
        let seals = try await journalSeals.seals(after: request.afterSequence, limit: limit)
        return .with { $0.seals = seals }
    }
}
