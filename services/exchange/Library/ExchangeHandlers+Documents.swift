import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    func getDocument(
        request: Vdxp_Exchange_V1_GetDocumentRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_Document {
        let caller = try activeCaller()
        guard
            let document = try await repository.documentView(
                request.documentID, viewer: caller, includeSigned: true, exactVersion: request.exactVersion)
        else { throw Self.documentNotFound(request.documentID) }
        return document
    }

    /// Keyset cursor of `ListSentDocuments`: the last document of the previous page.
    struct SentCursor: Codable, Sendable {
        var sendTimeMicros: Int64
        var documentID: String
    }

    func listSentDocuments(
        request: Vdxp_Exchange_V1_ListSentDocumentsRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_ListSentDocumentsResponse {
        let sender = try activeCaller()
        let pageSize = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = "exchange.sent." + sender
        let cursor = try PageToken<SentCursor>.decodeIfPresent(request.pageToken, scope: scope)
        // Keyset pagination on the (sender, send_time DESC, document_id DESC) index; the cursor's time is exact
        // (whole microseconds, PostgreSQL's precision).
        let query: PostgresQuery
        if let cursor {
            query = """
                SELECT document_id, (extract(epoch FROM send_time) * 1000000)::bigint FROM exchange.documents
                WHERE sender = \(sender)
                  AND (send_time, document_id)
                      < ('epoch'::timestamptz + \(cursor.sendTimeMicros) * interval '1 microsecond', \(cursor.documentID))
                ORDER BY send_time DESC, document_id DESC LIMIT \(pageSize + 1)
                """
        } else {
            query = """
                SELECT document_id, (extract(epoch FROM send_time) * 1000000)::bigint FROM exchange.documents
                WHERE sender = \(sender)
                ORDER BY send_time DESC, document_id DESC LIMIT \(pageSize + 1)
                """
        }
        let rows = try await database.query(query, logger: logger)
        var page: [(String, Int64)] = []
        for try await row in rows.decode((String, Int64).self) { page.append(row) }
        var documents: [Vdxp_Exchange_V1_Document] = []
        for (documentID, _) in page.prefix(pageSize) {
            if let document = try await repository.documentView(documentID, viewer: sender, includeSigned: false) {
                documents.append(document)
            }
        }
        var response = Vdxp_Exchange_V1_ListSentDocumentsResponse()
        response.documents = documents
        if page.count > pageSize {
            let last = page[pageSize - 1]
            response.nextPageToken = try PageToken(SentCursor(sendTimeMicros: last.1, documentID: last.0)).encoded(
                scope: scope)
        }
        return response
    }

    func watchDocumentStatus(
        request: Vdxp_Exchange_V1_WatchDocumentStatusRequest,
        response: RPCWriter<Vdxp_Exchange_V1_DocumentStatusEvent>,
        context: ServerContext
    ) async throws {
        let sender = try activeCaller()
        guard let document = try await repository.document(request.documentID), document.sender == sender else {
            throw Self.documentNotFound(request.documentID)
        }
        let documentID = request.documentID
        try await hub.withSubscription(to: ExchangeChannels.status, matching: { $0 == documentID }) { subscription in
            var sent: [String: Vdxp_Exchange_V1_RecipientState] = [:]
            while !context.cancellation.isCancelled {
                let states = try await repository.recipientStates(of: documentID)
                for state in states where sent[state.recipientOrganisationID] != state {
                    try await response.write(
                        .with {
                            $0.documentID = documentID
                            $0.recipient = state
                            $0.eventTime = .init(date: Date())
                        })
                    sent[state.recipientOrganisationID] = state
                }
                if states.allSatisfy(\.isSettled) { return }
                if !(await subscription.wait(timeout: .seconds(5))) { return }
            }
        }
    }

    func downloadAttachment(
        request: Vdxp_Exchange_V1_DownloadAttachmentRequest,
        response: RPCWriter<Vdxp_Exchange_V1_DownloadAttachmentResponse>,
        context: ServerContext
    ) async throws {
        let caller = try activeCaller()
        guard let document = try await repository.documentView(request.documentID, viewer: caller, includeSigned: false)
        else { throw Self.documentNotFound(request.documentID) }
        let index = Int(request.attachmentIndex)
        guard document.header.attachments.indices.contains(index) else {
            throw RPCError(
                code: .invalidArgument,
                message:
                    "attachment_index \(index) is out of range: the document has \(document.header.attachments.count) attachments"
            )
        }
        let descriptor = document.header.attachments[index]
        var offset: Int64 = 0
        var first = true
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT data FROM exchange.attachment_chunks
                WHERE document_id = \(request.documentID) AND attachment_index = \(index) ORDER BY chunk_index
                """, logger: logger)
            for try await data in rows.decode(Data.self) {
                try await response.write(
                    .with {
                        if first { $0.descriptor = descriptor }
                        $0.offset = offset
                        $0.data = data
                    })
                first = false
                offset += Int64(data.count)
            }
        }
        if first { try await response.write(.with { $0.descriptor = descriptor }) }
    }
}
