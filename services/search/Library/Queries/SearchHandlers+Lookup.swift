import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPTrust

extension SearchHandlers {
    func lookupDocument(
        request: Vdxp_Search_V1_LookupDocumentRequest, context: ServerContext
    ) async throws -> Vdxp_Search_V1_IndexedDocument {
        let started = ContinuousClock.now
        let viewer = try viewer()
        let row: DocumentRow?
        let text: String
        var logged = request
        switch request.key {
        case .documentID(let id)?:
            text = id
            try Self.checkDocumentID(id, field: "document_id")
            row = try await documents.document(id: id, viewer: viewer)
        case .numberAndNotation(let given)?:
            let code = given.trimmingCharacters(in: .whitespacesAndNewlines)
            text = code
            logged.numberAndNotation = code
            guard !code.isEmpty, code.codePointCount <= 100, code.contains("/") else {
                throw SearchError.invalidField(
                    field: "number_and_notation",
                    message: "number_and_notation must be a number and notation of at most 100 characters, as "
                        + "written on the document, e.g. 7816/VPCP-TTĐT")
            }
            if !request.senderOrganisationID.isEmpty {
                do {
                    _ = try OrganisationID(validating: request.senderOrganisationID)
                } catch {
                    throw SearchError.invalidField(
                        field: "sender_organisation_id", message: "sender_organisation_id: \(error.message)")
                }
            }
            let rows = try await documents.documents(
                numberAndNotation: code, sender: request.senderOrganisationID, viewer: viewer)
            let senders = Set(rows.map(\.senderID))
            if senders.count > 1 {
                try await log(
                    method: "LookupDocument", text: text, request: logged, resultCount: 0, started: started)
                throw SearchError.notationAmbiguous(numberAndNotation: code, senders: senders.sorted())
            }
            // The same issuer may reuse a number in another year: the newest is the one meant.
            row = rows.first
        case nil:
            throw SearchError.invalidField(
                field: "document_id", message: "give document_id or number_and_notation to look a document up")
        }
        try await log(
            method: "LookupDocument", text: text, request: logged, resultCount: row == nil ? 0 : 1,
            started: started)
        guard let row else {
            if case .numberAndNotation = request.key {
                throw SearchError.notationNotFound(numberAndNotation: text)
            }
            throw SearchError.documentNotFound(documentID: text)
        }
        return try await indexed([row], viewer: viewer)[0]
    }

    func traceDocument(
        request: Vdxp_Search_V1_TraceDocumentRequest, context: ServerContext
    ) async throws -> Vdxp_Search_V1_DocumentTrace {
        let started = ContinuousClock.now
        let viewer = try viewer()
        try Self.checkDocumentID(request.documentID, field: "document_id")
        let row = try await documents.document(id: request.documentID, viewer: viewer)
        try await log(
            method: "TraceDocument", text: request.documentID, request: request, resultCount: row == nil ? 0 : 1,
            started: started)
        guard let row else { throw SearchError.documentNotFound(documentID: request.documentID) }
        let document = try await indexed([row], viewer: viewer)[0]
        let sender = viewer == nil || viewer == row.senderID
        let events = try await documents.events(of: row.documentID).filter {
            sender || $0.recipientID.isEmpty || $0.recipientID == viewer
        }
        return .with {
            $0.document = document
            $0.events = events.map { event in
                .with {
                    $0.sequence = event.sequence
                    $0.eventTime = Google_Protobuf_Timestamp(date: event.eventTime)
                    $0.type = event.eventType
                    $0.actorOrganisationID = event.actorID
                    $0.recipientOrganisationID = event.recipientID
                    $0.status = event.status
                    $0.description_p = event.description
                    $0.entryHash = Hex.string(event.entryHash)
                }
            }
        }
    }

    /// Refuses an empty or malformed document id, naming `field`.
    static func checkDocumentID(_ id: String, field: String) throws(SearchError) {
        do {
            _ = try DocumentID(validating: id)
        } catch {
            throw .invalidField(field: field, message: "\(field): \(error.message)")
        }
    }
}
