import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `vdxp.search.v1.SearchService` handlers, split by concern into `SearchHandlers+*.swift`. Access is checked
/// by `IdentityInterceptor` with `SearchAccessRules`; handlers narrow a member to the documents it sent or
/// received, and log every query. A handler validates the request, calls the stores and builds the response; the
/// SQL lives in the stores.
struct SearchHandlers: Vdxp_Search_V1_SearchService.SimpleServiceProtocol {
    /// Reads of the index, on the read database.
    let documents: DocumentQueryStore
    /// The query log, on the primary.
    let queryLog: QueryLogStore
    /// The journal cursor, on the primary.
    let cursor: JournalCursorStore
    /// The global configuration: the units a member's system may act for (`vdxp-acting-for`).
    let configuration: GlobalConfigurationStore
    let logger: Logger

    /// The member the caller is narrowed to, or nil for the operator and the platform's services.
    func viewer() throws -> String? {
        _ = try RequestContext.caller()
        return try configuration.callerActingFor()?.organisationID
    }

    /// The caller as the query log names it: `account <organisation>/<username>` for a signed-in person, else
    /// `member <id>`, `operator <name>` or `service <name>` — followed by ` for <unit>` when a member's system acts
    /// for one of its represented units (`vdxp-acting-for`), whose documents it then searched.
    func callerName() -> String {
        let context = RequestContext.current
        let name =
            context?.account.map { "account \($0.organisationID)/\($0.username)" }
            ?? context?.caller?.description ?? "unknown"
        guard let unit = context?.actingFor, unit != context?.caller?.organisationID else { return name }
        return "\(name) for \(unit)"
    }

    /// Logs a query, before its answer leaves. A query that cannot be logged is not answered: the failure is logged
    /// and the caller gets ``SearchError/queryLogUnavailable`` (UNAVAILABLE) instead of results, so that no search
    /// of the platform's documents goes unrecorded.
    func log(
        method: String, text: String, request: some SwiftProtobuf.Message, resultCount: Int64,
        started: ContinuousClock.Instant
    ) async throws {
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let filters = (try? request.jsonString()) ?? "{}"
        do {
            try await queryLog.append(
                .init(
                    queryTime: Date(), caller: callerName(), method: method, queryText: text, filtersJSON: filters,
                    resultCount: resultCount, elapsedMilliseconds: milliseconds))
        } catch {
            logger.error(
                "cannot write the query log: the query is refused",
                metadata: ["method": "\(method)", "error": "\(loggedDescription(of: error))"])
            throw SearchError.queryLogUnavailable
        }
    }

    /// The documents as the contract shows them to `viewer`: a member that only received a document sees its own
    /// progress, not the other recipients'.
    func indexed(_ rows: [DocumentRow], viewer: String?) async throws -> [Vdxp_Search_V1_IndexedDocument] {
        let recipients = try await documents.recipients(of: rows.map(\.documentID))
        return rows.map { row in
            let all = recipients[row.documentID] ?? []
            let shown = viewer == nil || viewer == row.senderID ? all : all.filter { $0.organisationID == viewer }
            return .with {
                $0.documentID = row.documentID
                if let slash = row.numberAndNotation.firstIndex(of: "/") {
                    $0.code.number = String(row.numberAndNotation[..<slash])
                    $0.code.notation = String(row.numberAndNotation[row.numberAndNotation.index(after: slash)...])
                }
                $0.subject = row.subject
                $0.documentType.type = Int32(row.typeCode)
                $0.documentType.typeName = row.typeName
                $0.sender.organisationID = row.senderID
                $0.sender.name = row.senderName
                $0.recipientOrganisationIds = all.map(\.organisationID)
                if !row.signerName.isEmpty || !row.signerPosition.isEmpty {
                    $0.signer = .with {
                        $0.competence = row.signerCompetence
                        $0.position = row.signerPosition
                        $0.fullName = row.signerName
                    }
                }
                $0.promulgationDate = row.promulgationDate ?? ""
                $0.promulgationPlace = row.promulgationPlace
                $0.dueDate = row.dueDate ?? ""
                $0.sendTime = Google_Protobuf_Timestamp(date: row.sendTime)
                $0.priority = Int32(row.priority)
                $0.businessType = row.businessType
                $0.relatedDocumentIds =
                    (row.relatedDocumentID.isEmpty ? [] : [row.relatedDocumentID])
                    + row.responseFor.filter { $0 != row.relatedDocumentID }
                $0.legalValue = row.legalValue
                $0.version = row.version
                $0.recipients = shown.map { recipient in
                    .with {
                        $0.organisationID = recipient.organisationID
                        $0.deliveryState = recipient.deliveryState
                        $0.status = recipient.status
                        if let time = recipient.statusTime { $0.statusTime = Google_Protobuf_Timestamp(date: time) }
                    }
                }
            }
        }
    }
}
