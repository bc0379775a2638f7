import Foundation
import VDXPCore
import VDXPProto
import VDXPRuntime

/// Why Exchange refused a request, in words the integrator who sent it can act on. Handlers, the lifecycle and the
/// checks throw it and let it propagate; its one conformance to `RPCErrorConvertible`
/// (`ExchangeError+RPC.swift`) gives each case its status code, and a field violation its `google.rpc.BadRequest`
/// details.
enum ExchangeError: Error, Sendable, CustomStringConvertible {
    // MARK: The caller

    /// Exchange holds no unexpired global configuration, so agency traffic is refused (UNAVAILABLE), in the words of
    /// `reason` — the same refusal the identity resolver gives before the call reaches a handler
    /// (``GlobalConfigurationStore/valid(at:)``).
    case noGlobalConfiguration(GlobalConfigurationError)
    /// The calling member is not connected (only TRIAL and OFFICIAL members exchange documents).
    case callerCannotExchange(member: String, state: Vdxp_Central_V1_MemberState, successor: String?)
    /// The call names a unit to act for (`vdxp-acting-for`) that is not registered under the calling member.
    case notRepresentedUnit(member: String, unit: String)
    /// No signature is made with a signing certificate registered to the sender (Art. 14.1).
    case sealNotRegistered(sender: String)

    // MARK: The request

    /// A field of the request breaks a rule; `message` names the field, the rule and how to fix it.
    case invalidField(field: String, message: String)

    // MARK: Documents

    /// No document with this id that the caller sent or received (others must not learn that it exists).
    case documentNotFound(documentID: String)
    /// The document id is taken by a different document.
    case documentIDTaken(documentID: String)
    /// A recipient is not a member of the platform.
    case recipientNotMember(index: Int, organisationID: String)
    /// A recipient's organisation id was closed; the document must go to its successor.
    case recipientClosed(index: Int, organisationID: String, successor: String)
    /// A recipient is not connected now.
    case recipientCannotReceive(index: Int, organisationID: String, state: Vdxp_Central_V1_MemberState)
    /// `field` names no document the caller sent.
    case relatedDocumentNotFound(field: String, documentID: String)
    /// `field` names a document the caller received: only its sender may act on it.
    case notTheSender(field: String, documentID: String, sender: String, action: String)
    /// `field` names a revoking document, which nothing may act on.
    case actsOnRevocation(field: String, documentID: String)
    /// `field` names a document that has reached the most versions a document may have.
    case tooManyVersions(field: String, documentID: String, maximum: Int32)
    /// `field` names a revoked document.
    case actsOnRevoked(field: String, documentID: String, revokedBy: String, action: String)
    /// `field` names a version that a newer one superseded.
    case actsOnSuperseded(
        field: String, documentID: String, supersededBy: String, currentVersion: String, action: String)

    // MARK: Recipients' copies

    /// The caller's copy of the document is no longer current, so no status may be reported on it.
    case copyNotCurrent(documentID: String, disposition: Vdxp_Exchange_V1_Disposition, disposedBy: String?)
    /// The sender took the caller's copy back (Art. 15.1) on `time`: its content is no longer the caller's to read.
    case contentRetracted(documentID: String, time: Date?, reason: String)
    /// No recipient holds a copy of the document that can be retracted.
    case nothingToRetract(documentID: String)
    /// The copy of one named recipient cannot be retracted.
    case cannotRetract(documentID: String, recipient: String, obstacle: String)
    /// No retract request with this id addressed to the caller.
    case retractRequestNotFound(requestID: String)
    /// The retract request was answered already.
    case retractRequestAnswered(requestID: String, accepted: Bool, answerTime: Date?)
    /// The copy a retract request is about is no longer current.
    case retractRequestObsolete(documentID: String, disposition: Vdxp_Exchange_V1_Disposition)
    /// A revocation is confirmed on a copy that was not revoked.
    case copyNotRevoked(documentID: String, disposition: Vdxp_Exchange_V1_Disposition)
    /// A revocation is confirmed before the recipient acknowledged the revoking document.
    case revocationNotReceived(documentID: String, revokingDocumentID: String)

    // MARK: Deliveries

    /// No delivery with this id addressed to the caller.
    case deliveryNotAddressedToCaller(deliveryID: String)
    /// No delivery with this id of a document the caller sent.
    case deliveryNotSentByCaller(deliveryID: String)
    /// The sender took the document back: the delivery was withdrawn.
    case deliveryWithdrawn(deliveryID: String, documentID: String, disposition: Vdxp_Exchange_V1_Disposition)
    /// The delivery failed: not acknowledged in time, for `reason` (Art. 13.2).
    case deliveryFailed(deliveryID: String, attempts: Int32, reason: Vdxp_Exchange_V1_DeliveryFailureReason)
    /// Only a FAILED delivery is retried.
    case deliveryNotFailed(deliveryID: String, state: Vdxp_Exchange_V1_DeliveryState)
    /// The recipient of a failed delivery is not an active member now; `successor` names a closed one's successor.
    case recipientInactive(recipient: String, successor: String?)
    /// A send streaming its attachments into its transaction sent no message for `seconds`: it was abandoned, and
    /// its transaction rolled back, so that a stalled client does not hold a database connection and its locks.
    case attachmentsStalled(seconds: Int)
    /// Every slot for sends that stream their attachments into a transaction is taken on this replica.
    case streamedSendsBusy(limit: Int)
    /// The member already holds its share of those slots on this replica.
    case streamedSendsBusyForMember(organisationID: String, share: Int)
    /// A send's attachments arrived slower than the platform's minimum rate allows.
    case uploadTooSlow(bytes: Int64, seconds: Int, kibPerSecond: Int)
    /// A reader of the journal asked for the entries after a sequence the journal has not reached: its cursor was
    /// taken from a journal that was since restored to an earlier point, or from another platform's.
    case journalCursorAhead(after: Int64, head: Int64)

    /// What is wrong and what to do, as the gRPC status message says it.
    var message: String {
        switch self {
        case .noGlobalConfiguration(let reason):
            return reason.message
        case .callerCannotExchange(let member, let state, let successor):
            var message = "member \(member) is \(state.word) and cannot exchange documents"
            if state == .closed, let successor {
                message += ": its organisation id was closed; its successor is \(successor)"
            } else if state == .cutOff || state == .suspended {
                message += ": ask the operator (Central) about the connection"
            }
            return message
        case .notRepresentedUnit(let member, let unit):
            return "\(unit.echoed) is not a unit registered under member \(member), so \(member)'s system cannot act "
                + "for it (vdxp-acting-for): ask the operator to register it (Central RegisterRepresentedUnit), or "
                + "leave the metadata out to act as \(member)"
        case .sealNotRegistered(let sender):
            return "no signature is made with a signing certificate registered to \(sender): ask the operator to "
                + "register your seal certificate (Central AddMemberCertificate, usage SIGNING)"
        case .invalidField(_, let message):
            return message
        case .documentNotFound(let documentID):
            return "no document \(documentID.echoed) that you sent or received"
        case .contentRetracted(let documentID, let time, let reason):
            let when = time.map { " on \(EdXMLDate.iso8601VietnamTime($0))" } ?? ""
            let why = reason.isEmpty ? "" : " (\"\(reason)\")"
            return "the sender took document \(documentID) back from you\(when)\(why) (Art. 15.1): its content is "
                + "no longer yours to read; mark your record of it as retracted, and ask the sender if it should "
                + "have stayed with you"
        case .documentIDTaken(let documentID):
            return "document_id '\(documentID)' is already used by another document: give a new "
                + "number and notation, or resend exactly the same signed bytes"
        case .recipientNotMember(let index, let organisationID):
            return "recipients[\(index)].organisation_id \(organisationID) is not a member of the platform nor a unit "
                + "registered under one (check the public directory)"
        case .recipientClosed(let index, let organisationID, let successor):
            return "recipients[\(index)].organisation_id \(organisationID) is closed; its successor is "
                + "\(successor): address the document to \(successor)"
        case .recipientCannotReceive(let index, let organisationID, let state):
            return "recipients[\(index)].organisation_id \(organisationID) is \(state.word) and "
                + "cannot receive documents now (only TRIAL and OFFICIAL members exchange documents)"
        case .relatedDocumentNotFound(let field, let documentID):
            return "\(field) \(documentID.echoed): no document that you sent"
        case .notTheSender(let field, let documentID, let sender, let action):
            return "\(field) \(documentID.echoed): only its sender, \(sender), may \(action) it"
        case .actsOnRevocation(let field, let documentID):
            return "\(field) \(documentID.echoed) is itself a revoking document: a revocation cannot be retracted, "
                + "revoked, updated or replaced"
        case .tooManyVersions(let field, let documentID, let maximum):
            return "\(field) \(documentID.echoed) has \(maximum) versions, the most a document may have: send the "
                + "new text as a new document (business_type NEW), or revoke this one and send its successor"
        case .actsOnRevoked(let field, let documentID, let revokedBy, let action):
            return
                "\(field) \(documentID.echoed) was revoked by '\(revokedBy)': a revoked document cannot be \(action)d"
        case .actsOnSuperseded(let field, let documentID, let supersededBy, let currentVersion, let action):
            return "\(field) \(documentID.echoed) was superseded by '\(supersededBy)': \(action) the current version, "
                + "'\(currentVersion)'"
        case .copyNotCurrent(let documentID, let disposition, let disposedBy):
            return "your copy of \(documentID.echoed) is \(disposition.word)"
                + (disposedBy.map { " ('\($0)')" } ?? "") + ": no status may be reported on it any more"
                + (disposition == .superseded ? "; report on the new version" : "")
        case .nothingToRetract(let documentID):
            return "no recipient of '\(documentID)' holds a copy that can be retracted"
        case .cannotRetract(let documentID, let recipient, let obstacle):
            return "cannot retract '\(documentID)' from \(recipient): \(obstacle)"
        case .retractRequestNotFound(let requestID):
            return "no retract request \(requestID) addressed to you"
        case .retractRequestAnswered(let requestID, let accepted, let answerTime):
            return "retract request \(requestID) was already \(accepted ? "accepted" : "refused")"
                + (answerTime.map { " at \(EdXMLDate.iso8601VietnamTime($0))" } ?? "")
                + ": each request is answered once"
        case .retractRequestObsolete(let documentID, let disposition):
            return "your copy of \(documentID.echoed) is \(disposition.word) already: the retract request no longer "
                + "applies"
        case .copyNotRevoked(let documentID, let disposition):
            return "your copy of \(documentID.echoed) is \(disposition.word), not revoked: only a revocation the "
                + "sender sent is confirmed (Art. 15.3); name the revoked document, not the revoking one"
        case .revocationNotReceived(let documentID, let revokingDocumentID):
            return "acknowledge the revoking document '\(revokingDocumentID)' first: a revocation of "
                + "\(documentID.echoed) is confirmed once its order has reached you (Art. 15.3)"
        case .deliveryNotAddressedToCaller(let deliveryID):
            return "no delivery \(deliveryID) addressed to you"
        case .deliveryNotSentByCaller(let deliveryID):
            return "no delivery \(deliveryID) of a document you sent"
        case .deliveryWithdrawn(let deliveryID, let documentID, let disposition):
            return "delivery \(deliveryID) was withdrawn: the sender took '\(documentID)' back "
                + "(its copy is \(disposition.word)); do not handle it"
        case .deliveryFailed(let deliveryID, let attempts, let reason):
            let why =
                switch reason {
                case .notAcknowledgedInTime: "was not acknowledged by its deadline (Art. 13.2)"
                case .recipientNotConnected: "was given up when your connection left TRIAL/OFFICIAL"
                case .recipientClosed: "was given up when your organisation id was closed"
                default: "failed after \(attempts) unacknowledged attempts"
                }
            return "delivery \(deliveryID) \(why); the sender was told and may retry it"
        case .deliveryNotFailed(let deliveryID, let state):
            return "delivery \(deliveryID) is \(state.word), not FAILED: only a failed delivery is retried"
        case .recipientInactive(let recipient, let successor):
            if let successor, !successor.isEmpty {
                return "recipient \(recipient) is closed; its successor is \(successor): send the document to "
                    + "\(successor) instead of retrying"
            }
            return "recipient \(recipient) cannot receive documents now (not an active member): "
                + "contact it or the operator before retrying"
        case .attachmentsStalled(let seconds):
            return "no message of this SendDocument stream arrived for \(seconds) s, so the send was abandoned and "
                + "nothing was stored: send the document again, streaming its attachment chunks without pause"
        case .streamedSendsBusyForMember(let organisationID, let share):
            return
                "\(organisationID) already streams \(share) document(s) with more than 1 MiB of attachments into this "
                + "Exchange replica, its share (the rest are kept for other members): send this one when one of them "
                + "is done"
        case .uploadTooSlow(let bytes, let seconds, let kibPerSecond):
            return "the \(bytes) bytes of this document's attachments did not arrive within \(seconds) s (at least "
                + "\(kibPerSecond) KiB/s after the first message): the send was abandoned and nothing was stored; send "
                + "it again over a faster or steadier link"
        case .journalCursorAhead(let after, let head):
            return
                "after_sequence \(after) is past the journal's last entry (\(head)): this journal was restored to an "
                + "earlier point, or the cursor is another platform's. A projection that holds entries the journal no "
                + "longer has must be rebuilt from 0 (docs/operations.md, restore)"
        case .streamedSendsBusy(let limit):
            return "\(limit) documents with more than 1 MiB of attachments are already streaming into this Exchange "
                + "replica: send this one again in a few seconds (documents of 1 MiB or less are not limited)"
        }
    }

    var description: String { message }
}
