import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// `ConfirmRevocation` (Art. 15.3, QĐ 28 Art. 9.2): the recipient reports that it marked its copy of a revoked
    /// document revoked and stopped handling it, naming who did. The transport acknowledgement of the revoking
    /// document only says the order arrived; this report is the confirmation the sender waits for. The revoking
    /// document must have been acknowledged first; confirming again answers the state of the first confirmation.
    func confirmRevocation(
        request: Vdxp_Exchange_V1_ConfirmRevocationRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let recipient = try activeCaller()
        let handler = try Self.validHandler(request.hasHandler ? request.handler : nil)
        let comment = request.comment
        guard comment.codePointCount <= 2000 else {
            throw ExchangeError.invalidField(
                field: "comment", message: "comment has \(comment.codePointCount) characters; at most 2000")
        }
        let documentID = request.documentID
        let deliveries = self.deliveries
        let journal = self.journal
        let lifecycle = self.lifecycle
        let key: DocumentKey = try await database.transaction(logger: logger) { connection in
            guard let copy = try await deliveries.lockCopy(of: documentID, to: recipient, on: connection) else {
                throw ExchangeError.documentNotFound(documentID: documentID)
            }
            guard copy.disposition == .revoked, let revoking = copy.disposedBy else {
                throw ExchangeError.copyNotRevoked(documentID: documentID, disposition: copy.disposition)
            }
            if copy.revocationConfirmTime != nil { return copy.documentKey }
            guard let order = try await deliveries.lockCopy(of: revoking, to: recipient, on: connection),
                order.state == .acknowledged
            else {
                throw ExchangeError.revocationNotReceived(documentID: documentID, revokingDocumentID: revoking)
            }
            try await deliveries.confirmRevocation(
                of: copy.deliveryID, handler: handler, comment: comment, on: connection)
            try await journal.append(
                .with {
                    $0.revocationConfirmed = .with {
                        $0.recipientOrganisationID = recipient
                        $0.revokingDocumentID = revoking
                        $0.handler = handler
                        $0.comment = comment
                    }
                }, type: "revocation.confirmed", documentID: documentID, on: connection)
            try await lifecycle.notifyStatus(documentID, on: connection)
            return copy.documentKey
        }
        guard let state = try await views.recipientStates(of: key, recipient: recipient).first else {
            throw ExchangeError.documentNotFound(documentID: documentID)
        }
        return state
    }
}
