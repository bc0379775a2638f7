import Foundation

/// Where alerts for the operator group go by e-mail and SMS (alerts submitted `to_operators`, such as Ticket's SLA
/// warnings and escalations): the addresses and numbers of `VDXP_MONITORING_OPERATOR_EMAILS` and
/// `VDXP_MONITORING_OPERATOR_PHONES`, checked at start.
struct OperatorGroup: Sendable, Equatable {
    /// E-mail addresses.
    var emails: [String] = []
    /// Telephone numbers, E.164.
    var phones: [String] = []

    /// Whether neither is configured (the group reads its alerts in the inbox only).
    var isEmpty: Bool { emails.isEmpty && phones.isEmpty }
}
