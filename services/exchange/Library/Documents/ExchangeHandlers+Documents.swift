import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// `GetDocument`: the document as the caller may see it (sender: every recipient; recipient: its own copy).
    func getDocument(
        request: Vdxp_Exchange_V1_GetDocumentRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_Document {
        let caller = try activeCaller()
        guard
            let document = try await views.documentView(
                request.documentID, viewer: caller, includeSigned: true, exactVersion: request.exactVersion)
        else { throw ExchangeError.documentNotFound(documentID: request.documentID) }
        return document
    }

    /// Keyset cursor of `ListSentDocuments`: the last document of the previous page.
    struct SentCursor: Codable, Sendable {
        var sendTimeMicros: Int64
        var documentID: String
    }

    /// `ListSentDocuments`: the caller's sent documents, newest first, one keyset page at a time.
    func listSentDocuments(
        request: Vdxp_Exchange_V1_ListSentDocumentsRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_ListSentDocumentsResponse {
        let sender = try activeCaller()
        let pageSize = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = "exchange.sent." + sender
        let cursor = try PageToken<SentCursor>.decodeIfPresent(request.pageToken, scope: scope)
        let page = try await documents.sentPage(
            by: sender, after: cursor.map { (sendTimeMicros: $0.sendTimeMicros, documentID: $0.documentID) },
            limit: pageSize + 1)
        var shown: [Vdxp_Exchange_V1_Document] = []
        for entry in page.prefix(pageSize) {
            if let document = try await views.documentView(entry.documentID, viewer: sender, includeSigned: false) {
                shown.append(document)
            }
        }
        var response = Vdxp_Exchange_V1_ListSentDocumentsResponse()
        response.documents = shown
        if page.count > pageSize {
            let last = page[pageSize - 1]
            response.nextPageToken = try PageToken(
                SentCursor(sendTimeMicros: last.sendTimeMicros, documentID: last.documentID)
            ).encoded(scope: scope)
        }
        return response
    }

    /// `WatchDocumentStatus`: each recipient's state whenever it changes, until every recipient is settled.
    func watchDocumentStatus(
        request: Vdxp_Exchange_V1_WatchDocumentStatusRequest,
        response: RPCWriter<Vdxp_Exchange_V1_DocumentStatusEvent>,
        context: ServerContext
    ) async throws {
        let sender = try activeCaller()
        guard let document = try await documents.document(request.documentID), document.sender == sender else {
            throw ExchangeError.documentNotFound(documentID: request.documentID)
        }
        let documentID = request.documentID
        try await hub.withSubscription(to: ExchangeChannels.status, matching: { $0 == documentID }) { subscription in
            var sent: [String: Vdxp_Exchange_V1_RecipientState] = [:]
            while !context.cancellation.isCancelled {
                let states = try await views.recipientStates(of: documentID)
                for state in states where sent[state.recipientOrganisationID] != state {
                    try await response.write(
                        .with {
                            $0.documentID = documentID
                            $0.recipient = state
                            $0.eventTime = .init(date: clock.now())
                        })
                    sent[state.recipientOrganisationID] = state
                }
                if states.allSatisfy(\.isSettled) { return }
                if !(await subscription.wait(timeout: .seconds(5))) { return }
            }
        }
    }

    /// `DownloadAttachment`: one attachment's bytes in stored chunks, its descriptor in the first message.
    func downloadAttachment(
        request: Vdxp_Exchange_V1_DownloadAttachmentRequest,
        response: RPCWriter<Vdxp_Exchange_V1_DownloadAttachmentResponse>,
        context: ServerContext
    ) async throws {
        let caller = try activeCaller()
        guard let document = try await views.documentView(request.documentID, viewer: caller, includeSigned: false)
        else { throw ExchangeError.documentNotFound(documentID: request.documentID) }
        let index = Int(request.attachmentIndex)
        guard document.header.attachments.indices.contains(index) else {
            throw ExchangeError.invalidField(
                field: "attachment_index",
                message:
                    "attachment_index \(index) is out of range: the document has \(document.header.attachments.count) attachments"
            )
        }
        let descriptor = document.header.attachments[index]
        var offset: Int64 = 0
        var first = true
        try await documents.forEachChunk(of: request.documentID, attachment: index) { data in
            try await response.write(
                .with {
                    if first { $0.descriptor = descriptor }
                    $0.offset = offset
                    $0.data = data
                })
            first = false
            offset += Int64(data.count)
        }
        if first { try await response.write(.with { $0.descriptor = descriptor }) }
    }
}
