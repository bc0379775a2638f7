public import VDXPProto

/// The rules by which a recipient's business status may change (Art. 14.3, 15.2; QĐ 28 Art. 10.2.h).
///
/// The business status is the edXML status code the recipient reports back to the sender. It is separate from the
/// transport state of the delivery (queued, leased, acknowledged: `vdxp.exchange.v1.DeliveryState`). The allowed moves:
///
/// | from | to |
/// |---|---|
/// | (none) 00 | 01 ARRIVED — set when the recipient acknowledges the delivery |
/// | 01 ARRIVED | 02 REJECTED (Art. 15.2, reason required) or 03 REGISTERED |
/// | 03 REGISTERED | 04 ASSIGNED or 05 PROCESSING |
/// | 04 ASSIGNED | 05 PROCESSING |
/// | 05 PROCESSING | 06 COMPLETED |
/// | 02 REJECTED, 06 COMPLETED, 15 RETRACT_ACCEPTED | nothing: final |
///
/// Statuses only move forward. Art. 14.3 names the minimum chain the recipient reports — arrived (01), registered
/// (03), processing (05), completed (06) — so none of these may be skipped: a skip is refused, naming the missing
/// status, rather than filled in by the platform (a filled-in status would carry a time and a handler nobody
/// reported). Only 04 ASSIGNED, which the article does not require, may be left out. Repeating the current status
/// is refused too (acknowledging again is idempotent at the delivery layer, not here).
///
/// The retract codes of Art. 15.1 are never reported through this machine: 13 RETRACT_REQUESTED, 15 RETRACT_ACCEPTED
/// and 16 RETRACT_REFUSED are set by `RetractDocument` and `AnswerRetractRequest`, and asking for them here is
/// ``StatusTransitionError/Code/invalidStatus``. 13 and 16 are recorded in the history only — the recipient's status
/// stays what it was — so they are never a current status either; 15 (the document was retracted) is final.
///
/// ```swift
/// let next = try DocumentStatusMachine.transition(from: .arrived, to: .registered)   // .registered
/// try DocumentStatusMachine.transition(from: .arrived, to: .assigned)
/// // throws: status 04 ASSIGNED cannot follow 01 ARRIVED: register the document (03) first
/// ```
public enum DocumentStatusMachine {
    /// The statuses that may follow `status`, in code order; empty for a final status (02, 06, 15), for 13 and 16
    /// (never a current status) and for a number the contract does not define.
    ///
    /// - Parameter status: The current status.
    public static func successors(
        of status: Vdxp_Exchange_V1_DocumentStatus
    ) -> [Vdxp_Exchange_V1_DocumentStatus] {
        switch status {
        case .unspecified: return [.arrived]
        case .arrived: return [.rejected, .registered]
        case .registered: return [.assigned, .processing]
        case .assigned: return [.processing]
        case .processing: return [.completed]
        case .rejected, .completed, .retractRequested, .retractAccepted, .retractRefused, .UNRECOGNIZED: return []
        }
    }

    /// Whether `next` may follow `current`.
    ///
    /// - Parameters:
    ///   - current: The status the document has (``Vdxp_Exchange_V1_DocumentStatus/unspecified`` before it is
    ///     acknowledged).
    ///   - next: The status asked for.
    public static func canTransition(
        from current: Vdxp_Exchange_V1_DocumentStatus,
        to next: Vdxp_Exchange_V1_DocumentStatus
    ) -> Bool {
        Self.successors(of: current).contains(next)
    }

    /// Checks that `next` may follow `current` and returns it.
    ///
    /// - Parameters:
    ///   - current: The status the document has (``Vdxp_Exchange_V1_DocumentStatus/unspecified`` before it is
    ///     acknowledged).
    ///   - next: The status asked for.
    /// - Returns: `next`.
    /// - Throws: ``StatusTransitionError`` with ``StatusTransitionError/Code/invalidStatus`` when `next` is not a
    ///   status that can be set, or ``StatusTransitionError/Code/illegalTransition`` with a message that says what
    ///   must happen first.
    @discardableResult
    public static func transition(
        from current: Vdxp_Exchange_V1_DocumentStatus,
        to next: Vdxp_Exchange_V1_DocumentStatus
    ) throws(StatusTransitionError) -> Vdxp_Exchange_V1_DocumentStatus {
        if Self.canTransition(from: current, to: next) {
            return next
        }

        func refuse(_ code: StatusTransitionError.Code, _ message: String) -> StatusTransitionError {
            StatusTransitionError(code: code, message: message, from: current, to: next)
        }
        let cannotFollow = "status \(next.label) cannot follow \(current.label)"

        switch (current, next) {
        case (_, .unspecified):
            throw refuse(
                .invalidStatus,
                "the new status is missing (00 UNSPECIFIED): report 03 REGISTERED, 04 ASSIGNED, 05 PROCESSING or "
                    + "06 COMPLETED, or reject the document (02)"
            )
        case (_, .UNRECOGNIZED(let raw)):
            throw refuse(
                .invalidStatus,
                "status \(raw) is not an edXML status code the platform knows: use 01 to 06"
            )
        case (_, .retractRequested), (_, .retractAccepted), (_, .retractRefused):
            throw refuse(
                .invalidStatus,
                "status \(next.label) cannot be reported as a status update: 13, 15 and 16 are set by "
                    + "RetractDocument and AnswerRetractRequest (Art. 15.1)"
            )
        case (.UNRECOGNIZED(let raw), _):
            throw refuse(
                .illegalTransition,
                "the document has status \(raw), which the platform does not know, so no status can follow it"
            )
        case (.rejected, _):
            throw refuse(
                .illegalTransition,
                "\(cannotFollow): the recipient refused the document, and 02 REJECTED is final (Art. 15.2)"
            )
        case (.completed, _):
            throw refuse(.illegalTransition, "\(cannotFollow): 06 COMPLETED is final")
        case (.retractAccepted, _):
            throw refuse(
                .illegalTransition,
                "\(cannotFollow): the document was retracted (taken back by its sender, Art. 15.1), and "
                    + "15 RETRACT_ACCEPTED is final"
            )
        case (.retractRequested, _), (.retractRefused, _):
            throw refuse(
                .illegalTransition,
                "\(cannotFollow): \(current.label) is recorded in the history only and is never a document's "
                    + "current status; move on from the status the document had before the retract request"
            )
        case _ where current == next:
            throw refuse(
                .illegalTransition,
                "the document already has status \(current.label): statuses only move forward"
            )
        case (.unspecified, _):
            throw refuse(
                .illegalTransition,
                "status \(next.label) cannot be reported before the document has arrived: acknowledge the "
                    + "delivery first (AcknowledgeDelivery sets 01 ARRIVED)"
            )
        case (_, .arrived):
            throw refuse(
                .illegalTransition,
                "\(cannotFollow): 01 ARRIVED is set once, when the delivery is acknowledged"
            )
        case (_, .rejected):
            throw refuse(
                .illegalTransition,
                "\(cannotFollow): a document can be refused only after it arrived and before it is registered "
                    + "(Art. 15.2)"
            )
        case (.arrived, _):
            throw refuse(.illegalTransition, "\(cannotFollow): register the document (03) first")
        case (.registered, .completed), (.assigned, .completed):
            throw refuse(
                .illegalTransition,
                "\(cannotFollow): report 05 PROCESSING first — arrived, registered, processing and completed are "
                    + "the minimum chain of statuses the sender must receive (Art. 14.3)"
            )
        default:
            throw refuse(
                .illegalTransition,
                "\(cannotFollow): statuses only move forward (01 → 03 → 04 → 05 → 06)"
            )
        }
    }
}
