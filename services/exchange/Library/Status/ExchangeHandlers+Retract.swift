import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// The most retract requests one copy may be sent: each adds to the copy's history, which every view of the
    /// document shows whole, so that a sender and a recipient asking and refusing in a loop could grow it without end.
    static let maximumRetractRequestsPerCopy = 5

    /// `RetractDocument` (Art. 15.1): at once where the recipient has not registered the document, otherwise a
    /// retract request (13) the recipient answers.
    func retractDocument(
        request: Vdxp_Exchange_V1_RetractDocumentRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RetractDocumentResponse {
        let sender = try activeCaller()
        let reason = try Validate.text(request.reason, field: "reason", maximum: 2000)
        let named = request.recipientOrganisationIds
        if let repeated = Dictionary(grouping: named, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw ExchangeError.invalidField(
                field: "recipient_organisation_ids", message: "recipient_organisation_ids names \(repeated) twice")
        }
        let lifecycle = self.lifecycle
        let deliveries = self.deliveries
        let retractRequests = self.retractRequests
        let (results, key): ([(String, Vdxp_Exchange_V1_RetractResult, UUID?)], DocumentKey) =
            try await database.transaction(logger: logger) {
                connection in
                let document = try await lifecycle.lockOwnCurrentDocument(
                    request.documentID, field: "document_id", sender: sender, action: "retract", on: connection)
                let copies = try await deliveries.lockCopies(of: document.key, on: connection)
                let open = try await retractRequests.deliveriesWithOpenRequests(of: document.documentID, on: connection)
                let asked = try await retractRequests.requestCounts(of: document.documentID, on: connection)
                func obstacle(_ copy: DeliveryRow) -> String? {
                    if copy.disposition != .current { return "its copy is \(copy.disposition.word) already" }
                    if copy.status == .rejected { return "it rejected the document (02)" }
                    if open.contains(copy.deliveryID) { return "a retract request to it is still open" }
                    if (asked[copy.deliveryID] ?? 0) >= Self.maximumRetractRequestsPerCopy {
                        return "it refused \(Self.maximumRetractRequestsPerCopy) retract requests already: settle it "
                            + "with the recipient directly, or send a revocation (Art. 15.3)"
                    }
                    return nil
                }
                var targets: [DeliveryRow] = []
                if named.isEmpty {
                    targets = copies.values.filter { obstacle($0) == nil }.sorted { $0.recipient < $1.recipient }
                    guard !targets.isEmpty else {
                        throw ExchangeError.nothingToRetract(documentID: document.documentID)
                    }
                } else {
                    for recipient in named {
                        guard let copy = copies[recipient] else {
                            throw ExchangeError.invalidField(
                                field: "recipient_organisation_ids",
                                message:
                                    "recipient_organisation_ids: \(recipient) is not a recipient of '\(document.documentID)'"
                            )
                        }
                        if let obstacle = obstacle(copy) {
                            throw ExchangeError.cannotRetract(
                                documentID: document.documentID, recipient: recipient, obstacle: obstacle)
                        }
                        targets.append(copy)
                    }
                }
                var results: [(String, Vdxp_Exchange_V1_RetractResult, UUID?)] = []
                for copy in targets {
                    if copy.status == .unspecified || copy.status == .arrived {
                        try await retractAtOnce(copy, of: document, reason: reason, on: connection)
                        results.append((copy.recipient, .retracted, nil))
                    } else {
                        let requestID = try await requestRetract(copy, of: document, reason: reason, on: connection)
                        results.append((copy.recipient, .requested, requestID))
                    }
                }
                try await lifecycle.notifyStatus(document.documentID, on: connection)
                return (results, document.key)
            }
        let states = Dictionary(
            uniqueKeysWithValues: try await views.recipientStates(of: key).map {
                ($0.recipientOrganisationID, $0)
            })
        return .with {
            $0.outcomes = results.map { recipient, result, requestID in
                .with {
                    $0.recipientOrganisationID = recipient
                    $0.result = result
                    if let state = states[recipient] {
                        $0.recipient = state
                        if let requestID,
                            let open = state.retractRequests.first(where: {
                                $0.requestID == requestID.uuidString.lowercased()
                            })
                        {
                            $0.request = open
                        }
                    }
                }
            }
        }
    }

    /// Takes a copy back before the recipient registered it: the copy becomes RETRACTED with the sender's reason,
    /// withdrawn from the inbox if not yet acknowledged, and a notice goes to the recipient if it may already hold it.
    /// No status is recorded: 15 is the recipient's agreement to a retract request, and this needs none, so the
    /// recipient's status stays what it reported (none, or 01).
    private func retractAtOnce(
        _ copy: DeliveryRow, of document: DocumentRow, reason: String, on connection: PostgresConnection
    ) async throws {
        let disposed = try await deliveries.dispose(
            document.key, of: [copy.recipient], as: .retracted, by: nil, reason: reason, on: connection)
        if disposed.first?.mayHoldDocument == true {
            try await deliveries.queueNotice(
                .with {
                    $0.type = .retracted
                    $0.reason = reason
                }, about: document.key, sentBy: document.sender, to: copy.recipient, priority: document.priority,
                on: connection)
        }
        try await journal.append(
            .with {
                $0.documentRetracted = .with {
                    $0.recipientOrganisationID = copy.recipient
                    $0.deliveryID = copy.id
                    $0.reason = reason
                }
            }, type: "document.retracted", documentID: document.documentID, on: connection)
    }

    /// Records a retract request (13) and sends it to the recipient as a notice.
    private func requestRetract(
        _ copy: DeliveryRow, of document: DocumentRow, reason: String, on connection: PostgresConnection
    ) async throws -> UUID {
        let requestID = UUID()
        try await retractRequests.insert(requestID, about: copy.deliveryID, reason: reason, on: connection)
        try await statusHistory.append(
            .retractRequested, of: copy.deliveryID, comment: reason, retractRequestID: requestID, on: connection)
        try await deliveries.queueNotice(
            .with {
                $0.type = .retractRequested
                $0.reason = reason
                $0.retractRequestID = requestID.uuidString.lowercased()
            }, about: document.key, sentBy: document.sender, to: copy.recipient, priority: document.priority,
            on: connection)
        try await journal.append(
            .with {
                $0.retractRequested = .with {
                    $0.recipientOrganisationID = copy.recipient
                    $0.deliveryID = copy.id
                    $0.requestID = requestID.uuidString.lowercased()
                    $0.reason = reason
                }
            }, type: "retract.requested", documentID: document.documentID, on: connection)
        return requestID
    }

    /// `AnswerRetractRequest`: the recipient gives the document back (15) or refuses (16).
    func answerRetractRequest(
        request: Vdxp_Exchange_V1_AnswerRetractRequestRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let recipient = try activeCaller()
        guard let requestID = UUID(uuidString: request.requestID) else {
            throw ExchangeError.invalidField(
                field: "request_id",
                message: "request_id \(request.requestID.echoed) is not a retract request id (a UUID)")
        }
        let handler = try Self.validHandler(request.hasHandler ? request.handler : nil)
        let reason =
            request.accept
            ? request.reason : try Validate.text(request.reason, field: "reason", maximum: 2000)
        guard reason.codePointCount <= 2000 else {
            throw ExchangeError.invalidField(
                field: "reason", message: "reason has \(reason.codePointCount) characters; at most 2000")
        }
        let lifecycle = self.lifecycle
        let deliveries = self.deliveries
        let statusHistory = self.statusHistory
        let retractRequests = self.retractRequests
        let journal = self.journal
        let key: DocumentKey = try await database.transaction(logger: logger) { connection in
            guard let found = try await retractRequests.lock(requestID, on: connection), found.recipient == recipient
            else { throw ExchangeError.retractRequestNotFound(requestID: request.requestID) }
            let documentID = found.documentID
            let key = DocumentKey(documentID: documentID, version: found.version)
            let deliveryID = found.deliveryID
            guard found.state == .open else {
                throw ExchangeError.retractRequestAnswered(
                    requestID: request.requestID, accepted: found.state == .accepted, answerTime: found.answerTime)
            }
            guard found.disposition == .current else {
                throw ExchangeError.retractRequestObsolete(documentID: documentID, disposition: found.disposition)
            }
            let answer: Vdxp_Exchange_V1_RetractRequestState = request.accept ? .accepted : .refused
            let status: Vdxp_Exchange_V1_DocumentStatus = request.accept ? .retractAccepted : .retractRefused
            try await retractRequests.answer(requestID, with: answer, handler: handler, reason: reason, on: connection)
            try await statusHistory.append(
                status, of: deliveryID, handler: handler, comment: reason, retractRequestID: requestID, on: connection)
            try await journal.append(
                .with {
                    $0.retractAnswered = .with {
                        $0.recipientOrganisationID = recipient
                        $0.deliveryID = deliveryID.uuidString.lowercased()
                        $0.requestID = requestID.uuidString.lowercased()
                        $0.accepted = request.accept
                        $0.reason = reason
                        $0.handler = handler
                    }
                }, type: "retract.answered", documentID: documentID, on: connection)
            if request.accept {
                _ = try await deliveries.dispose(
                    key, of: [recipient], as: .retracted, by: nil, status: .retractAccepted, on: connection)
                try await journal.append(
                    .with {
                        $0.documentRetracted = .with {
                            $0.recipientOrganisationID = recipient
                            $0.deliveryID = deliveryID.uuidString.lowercased()
                            $0.requestID = requestID.uuidString.lowercased()
                            $0.reason = reason
                        }
                    }, type: "document.retracted", documentID: documentID, on: connection)
            }
            try await lifecycle.notifyStatus(documentID, on: connection)
            return key
        }
        guard let state = try await views.recipientStates(of: key, recipient: recipient).first else {
            throw ExchangeError.retractRequestNotFound(requestID: request.requestID)
        }
        return state
    }
}
