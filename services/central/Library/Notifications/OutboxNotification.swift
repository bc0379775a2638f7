public import Foundation
public import VDXPProto

/// A message for a person, recorded in Central's outbox (`central.notification_outbox`) for Monitoring to deliver by
/// e-mail or SMS (Art. 16 inactivity warnings, Art. 9.2 and 19.2 connection alerts, certificate expiry notices).
///
/// ```swift
/// let notices = OutboxNotification.emailAndSMS(
///     email: account.email, phone: account.phone, kind: "account.locked",
///     subject: "…", body: "…", sms: "…", organisationID: account.organisationID, accountID: account.id)
/// for notice in notices { try await outbox.enqueue(notice, on: connection) }
/// ```
public struct OutboxNotification: Sendable, Hashable {
    /// How it is delivered: by e-mail (`recipient` is an address) or SMS (`recipient` is a telephone number).
    public var channel: Vdxp_Central_V1_NotificationChannel
    /// The e-mail address or telephone number.
    public var recipient: String
    /// The e-mail subject; empty for SMS.
    public var subject: String
    /// The text.
    public var body: String
    /// What it is about, a dotted name, e.g. `account.inactivity_warning`, `certificate.expiry_warning`.
    public var kind: String
    /// The member it concerns, if any.
    public var organisationID: String?
    /// The account it concerns, if any.
    public var accountID: UUID?

    /// Creates a notification.
    public init(
        channel: Vdxp_Central_V1_NotificationChannel, recipient: String, subject: String, body: String, kind: String,
        organisationID: String? = nil, accountID: UUID? = nil
    ) {
        self.channel = channel
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.kind = kind
        self.organisationID = organisationID
        self.accountID = accountID
    }

    /// The same message by e-mail (`body`) and SMS (`sms`, short), skipping an empty address or number.
    public static func emailAndSMS(
        email: String, phone: String, kind: String, subject: String, body: String, sms: String,
        organisationID: String? = nil, accountID: UUID? = nil
    ) -> [OutboxNotification] {
        var notifications: [OutboxNotification] = []
        if !email.isEmpty {
            notifications.append(
                OutboxNotification(
                    channel: .email, recipient: email, subject: subject, body: body, kind: kind,
                    organisationID: organisationID, accountID: accountID))
        }
        if !phone.isEmpty {
            notifications.append(
                OutboxNotification(
                    channel: .sms, recipient: phone, subject: "", body: sms, kind: kind,
                    organisationID: organisationID, accountID: accountID))
        }
        return notifications
    }
}
