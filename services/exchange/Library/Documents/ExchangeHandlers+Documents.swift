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
        let version = try Self.requestedVersion(request.version)
        guard
            let document = try await views.documentView(
                request.documentID, version: version, viewer: caller, includeSigned: true,
                exactVersion: request.exactVersion)
        else { throw ExchangeError.documentNotFound(documentID: request.documentID) }
        return document
    }

    /// A `version` field of a request: nil for 0 (the latest the caller may see); a negative one is INVALID_ARGUMENT.
    static func requestedVersion(_ version: Int32) throws -> Int32? {
        guard version >= 0 else {
            throw ExchangeError.invalidField(
                field: "version", message: "version \(version) is not a version: 1 or more, or 0 for the latest")
        }
        return version == 0 ? nil : version
    }

    /// Keyset cursor of `ListSentDocuments` and `ListReceivedDocuments`: the last document of the previous page.
    struct DocumentPageCursor: Codable, Sendable, BoundedPageCursor {
        var sendTimeMicros: Int64
        var documentID: String

        var isInRange: Bool { WellKnownTypeRanges.isTimestamp(microseconds: Double(sendTimeMicros)) }
    }

    /// `ListSentDocuments`: the caller's sent documents, newest first, one keyset page at a time.
    func listSentDocuments(
        request: Vdxp_Exchange_V1_ListSentDocumentsRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_ListSentDocumentsResponse {
        let sender = try activeCaller()
        let (documents, nextPageToken) = try await documentPage(
            pageSize: request.pageSize, pageToken: request.pageToken, scope: "exchange.sent." + sender, viewer: sender
        ) { cursor, limit in
            try await self.documents.sentPage(by: sender, after: cursor, limit: limit)
        }
        return .with {
            $0.documents = documents
            $0.nextPageToken = nextPageToken
        }
    }

    /// `ListReceivedDocuments`: the documents addressed to the caller, newest first, each with the caller's own copy.
    func listReceivedDocuments(
        request: Vdxp_Exchange_V1_ListReceivedDocumentsRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_ListReceivedDocumentsResponse {
        let recipient = try activeCaller()
        let (documents, nextPageToken) = try await documentPage(
            pageSize: request.pageSize, pageToken: request.pageToken, scope: "exchange.received." + recipient,
            viewer: recipient
        ) { cursor, limit in
            try await self.deliveries.receivedPage(by: recipient, after: cursor, limit: limit)
        }
        return .with {
            $0.documents = documents
            $0.nextPageToken = nextPageToken
        }
    }

    /// One page of a document list as `viewer` sees each document, and the token of the next page (empty on the
    /// last). `fetch` reads up to `limit` ids after the cursor, newest first; the token is bound to `scope` (the list
    /// and its caller).
    private func documentPage(
        pageSize requested: Int32, pageToken: String, scope: String, viewer: String,
        fetch: (_ cursor: (sendTimeMicros: Int64, documentID: String)?, _ limit: Int) async throws -> [(
            key: DocumentKey, sendTimeMicros: Int64
        )]
    ) async throws -> (documents: [Vdxp_Exchange_V1_Document], nextPageToken: String) {
        let pageSize = try Validate.pageSize(requested, default: 20, maximum: 100)
        let cursor = try PageToken<DocumentPageCursor>.decodeIfPresent(pageToken, scope: scope)
        let page = try await fetch(
            cursor.map { (sendTimeMicros: $0.sendTimeMicros, documentID: $0.documentID) }, pageSize + 1)
        var shown: [Vdxp_Exchange_V1_Document] = []
        // A page stops early at `VDXP_EXCHANGE_RESPONSE_BYTES` (a document sent to hundreds of recipients carries each
        // one's state and history): the next page starts where it stopped.
        var bytes = 0
        var cutShort = false
        var last: (key: DocumentKey, sendTimeMicros: Int64)?
        for entry in page.prefix(pageSize) {
            if let document = try await views.documentView(
                entry.key.documentID, version: entry.key.version, viewer: viewer, includeSigned: false)
            {
                let size = try (document.serializedBytes() as [UInt8]).count
                if !shown.isEmpty && bytes + size > settings.responseBytes {
                    cutShort = true
                    break
                }
                bytes += size
                shown.append(document)
            }
            last = entry
        }
        guard cutShort || page.count > pageSize, let last else { return (shown, "") }
        let token = try PageToken(
            DocumentPageCursor(sendTimeMicros: last.sendTimeMicros, documentID: last.key.documentID)
        )
        .encoded(scope: scope)
        return (shown, token)
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
        // The latest version under the id: an UPDATE that keeps the id supersedes it, which settles the stream.
        let key = document.key
        try await hub.withSubscription(to: ExchangeChannels.status, matching: { $0 == documentID }) { subscription in
            var sent: [String: Vdxp_Exchange_V1_RecipientState] = [:]
            while !context.cancellation.isCancelled {
                _ = try activeCaller()  // as in SubscribeInbox: a member suspended or cut off since is refused
                noteActivity(method: "WatchDocumentStatus")
                let states = try await views.recipientStates(of: key)
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
        let version = try Self.requestedVersion(request.version)
        guard
            let document = try await views.documentView(
                request.documentID, version: version, viewer: caller, includeSigned: false)
        else { throw ExchangeError.documentNotFound(documentID: request.documentID) }
        if document.contentWithheld, let copy = document.recipients.first {
            throw ExchangeError.contentRetracted(
                documentID: document.documentID,
                time: copy.hasDispositionTime ? copy.dispositionTime.date : nil, reason: copy.dispositionReason)
        }
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
        let key = DocumentKey(documentID: document.documentID, version: document.version)
        try await documents.forEachChunk(of: key, attachment: index) { data in
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
