import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension SearchHandlers {
    /// The page token scope of `ListQueryLog`.
    static let queryLogScope = "search.ListQueryLog"

    func listQueryLog(
        request: Vdxp_Search_V1_ListQueryLogRequest, context: ServerContext
    ) async throws -> Vdxp_Search_V1_ListQueryLogResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 500)
        let before = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: Self.queryLogScope) ?? Int64.max
        guard request.caller.codePointCount <= 200 else {
            throw SearchError.invalidField(field: "caller", message: "caller is longer than 200 characters")
        }
        guard request.text.codePointCount <= SearchRequestValidator.maximumTextLength else {
            throw SearchError.invalidField(field: "text", message: "text is longer than 200 characters")
        }
        let entries = try await queryLog.list(
            caller: request.caller, text: request.text,
            start: request.hasStartTime ? request.startTime.date : nil,
            end: request.hasEndTime ? request.endTime.date : nil, beforeID: before, limit: pageSize + 1)
        var response = Vdxp_Search_V1_ListQueryLogResponse()
        response.queries = entries.prefix(pageSize).map { entry in
            .with {
                $0.queryID = entry.queryID
                $0.queryTime = Google_Protobuf_Timestamp(date: entry.queryTime)
                $0.caller = entry.caller
                $0.method = entry.method
                $0.queryText = entry.queryText
                $0.filtersJson = entry.filtersJSON
                $0.resultCount = entry.resultCount
                $0.elapsedMilliseconds = entry.elapsedMilliseconds
            }
        }
        if entries.count > pageSize, let last = response.queries.last {
            response.nextPageToken = try PageToken(last.queryID).encoded(scope: Self.queryLogScope)
        }
        return response
    }

    func getIndexStatus(
        request: Vdxp_Search_V1_GetIndexStatusRequest, context: ServerContext
    ) async throws -> Vdxp_Search_V1_IndexStatus {
        let position = try await cursor.position()
        let count = try await documents.documentCount()
        return .with {
            $0.lastSequence = position.sequence
            if let time = position.eventTime { $0.lastEventTime = Google_Protobuf_Timestamp(date: time) }
            if let time = position.appliedTime { $0.indexTime = Google_Protobuf_Timestamp(date: time) }
            $0.documentCount = count
        }
    }
}
