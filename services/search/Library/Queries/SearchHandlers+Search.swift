import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPTrust

extension SearchHandlers {
    /// The page token scope of `SearchDocuments`.
    static let searchScope = "search.SearchDocuments"

    /// A page token: the position after the last hit, bound to the query it pages through.
    struct SearchCursor: Codable, Sendable, BoundedPageCursor {
        var position: DocumentQueryStore.Position
        /// The SHA-256 of the request without paging, serialized: a token from another query is refused.
        var query: String
        /// The corrected query, when the first page found no document with every word (`DocumentQuery.corrected`).
        var corrected: String

        /// The key is a rank, or a send time in microseconds: either way within a `Timestamp`'s microseconds.
        var isInRange: Bool { WellKnownTypeRanges.isTimestamp(microseconds: position.key) }
    }

    func searchDocuments(
        request: Vdxp_Search_V1_SearchDocumentsRequest, context: ServerContext
    ) async throws -> Vdxp_Search_V1_SearchDocumentsResponse {
        let started = ContinuousClock.now
        let viewer = try viewer()
        let validated = try SearchRequestValidator.query(request, viewer: viewer)
        let facets = try SearchRequestValidator.facets(request.facets)
        let pageSize = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        // The query as validated — its text trimmed, its facets once each — is what page tokens and the query log
        // carry: never the request's padding.
        var unpaged = request
        unpaged.text = validated.text
        unpaged.facets = facets.map(\.rawValue)
        unpaged.pageSize = 0
        unpaged.pageToken = ""
        // A token carries the query's digest, not the query: with a hundred filter ids the query alone outgrew the
        // 1,024 characters a page token may have, and its own next page was refused.
        let fingerprint = Hex.sha256(of: try unpaged.jsonString())
        var position: DocumentQueryStore.Position?
        var query = validated
        if let cursor = try PageToken<SearchCursor>.decodeIfPresent(request.pageToken, scope: Self.searchScope) {
            guard cursor.query == fingerprint else {
                throw SearchError.invalidField(
                    field: "page_token",
                    message: "page_token belongs to another query: pass the same text, filter and facets as the "
                        + "request that returned it, or leave page_token empty for the first page")
            }
            guard DocumentQueryStore.isCorrectedQuery(cursor.corrected) else {
                throw SearchError.invalidField(
                    field: "page_token",
                    message: "page_token was not issued by Search: pass it exactly as a response gave it, or leave "
                        + "it empty for the first page")
            }
            position = cursor.position
            query.corrected = cursor.corrected
        }

        var rows: [(DocumentRow, Double)]
        var total: Int64
        if query.text.isEmpty {
            rows = try await documents.page(query, after: position, limit: pageSize + 1)
            total = try await documents.total(query)
        } else {
            var corrected = false
            if position == nil, try await documents.hasWordMissingFromIndex(query.text, viewer: query.viewer) {
                // A word no document has: the words cannot all match; correct them at once (typos). A document whose
                // number and notation is the text still matches the corrected query, and the words query still runs
                // when no correction is near.
                query.corrected = try await documents.correctedQuery(query.text, viewer: query.viewer)
                corrected = true
            }
            (rows, total) = try await documents.rankedPage(query, after: position, limit: pageSize + 1)
            if rows.isEmpty, position == nil, !corrected {
                // No document has every word: correct the words to the nearest ones of the index (typos).
                query.corrected = try await documents.correctedQuery(query.text, viewer: query.viewer)
                if !query.corrected.isEmpty {
                    (rows, total) = try await documents.rankedPage(query, after: nil, limit: pageSize + 1)
                }
            }
        }
        var response = Vdxp_Search_V1_SearchDocumentsResponse()
        let pageRows = Array(rows.prefix(pageSize))
        let indexed = try await indexed(pageRows.map(\.0), viewer: viewer)
        response.hits = zip(pageRows, indexed).map { row, document in
            .with {
                $0.document = document
                $0.score = query.text.isEmpty ? 0 : row.1
                $0.subjectHighlight = Highlighter.highlight(row.0.subject, query: query.text)
                $0.codeHighlight = Highlighter.highlight(row.0.numberAndNotation, query: query.text)
            }
        }
        response.total = min(total, Int64(DocumentQueryStore.totalCap))
        response.totalIsLowerBound = total > Int64(DocumentQueryStore.totalCap)
        if rows.count > pageSize, let last = pageRows.last {
            response.nextPageToken = try PageToken(
                SearchCursor(
                    position: .init(key: last.1, documentID: last.0.documentID), query: fingerprint,
                    corrected: query.corrected)
            ).encoded(scope: Self.searchScope)
        }
        let counted = try await documents.facets(facets, of: query)
        if !facets.isEmpty && total > Int64(DocumentQueryStore.facetSample) {
            response.facetSampleSize = Int64(DocumentQueryStore.facetSample)
        }
        for facet in facets {
            let values = counted[facet] ?? []
            response.facets.append(
                .with {
                    $0.field = facet.rawValue
                    $0.values = values.map { value, count in
                        .with {
                            $0.value = FacetLabels.value(value, of: facet)
                            $0.label = FacetLabels.label(value, of: facet)
                            $0.count = count
                        }
                    }
                })
        }
        try await log(
            method: "SearchDocuments", text: validated.text, request: unpaged, resultCount: response.total,
            started: started)
        return response
    }
}

/// Facet values as filtered on and as people read them.
enum FacetLabels {
    /// The value as `SearchFilter` takes it (a level-1 unit as the id of the unit, e.g. `000.00.00.G12`).
    static func value(_ raw: String, of facet: SearchFacet) -> String {
        facet == .level1Unit ? "000.00.00.\(raw)" : raw
    }

    /// A label for people.
    static func label(_ raw: String, of facet: SearchFacet) -> String {
        switch facet {
        case .priority:
            return Int(raw).map(TraceTexts.priorityLabel) ?? raw
        case .status:
            return Int(raw).flatMap { Vdxp_Exchange_V1_DocumentStatus(rawValue: $0) }.map(TraceTexts.statusLabel)
                ?? raw
        case .businessType:
            switch Int(raw).flatMap({ Vdxp_Exchange_V1_BusinessType(rawValue: $0) }) {
            case .new?: return "Văn bản mới"
            case .revoke?: return "Thu hồi"
            case .update?: return "Cập nhật"
            case .replace?: return "Thay thế"
            default: return raw
            }
        case .documentTypeCode:
            switch raw {
            case "1": return "Văn bản quy phạm pháp luật"
            case "2": return "Văn bản hành chính"
            case "3": return "Văn bản chuyên ngành"
            case "4": return "Văn bản của Đảng"
            case "0": return "Chưa rõ (ghi trước khi nhật ký có mã loại)"
            default: return raw
            }
        default:
            return facet == .level1Unit ? "000.00.00.\(raw)" : raw
        }
    }
}
