import Foundation
import Logging
import ServiceLifecycle
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Warns members before a registered certificate expires (Art. 7, 17): once per certificate, `warningDays` before
/// its `not_after`, an e-mail (and an SMS when a phone is known) to the member's contact goes into the notification
/// outbox, which Monitoring delivers. Safe on every Central replica (`FOR UPDATE SKIP LOCKED`); reads time from the
/// injected clock.
///
/// Settings: `VDXP_CERTIFICATE_EXPIRY_WARNING_DAYS` (default 30), `VDXP_CERTIFICATE_EXPIRY_CHECK_SECONDS`
/// (default 3600).
struct CertificateExpiryNotifier: Service {
    let database: Database
    let members: MemberStore
    let outbox: NotificationOutbox
    let clock: WallClock
    let warningDays: Int
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot check certificate expiry") {
            try await sweep()
        }
    }

    /// Records the warnings now due; returns how many certificates were warned about.
    @discardableResult
    func sweep() async throws -> Int {
        let now = clock.now()
        let horizon = now.addingTimeInterval(TimeInterval(warningDays) * 86_400)
        let (members, outbox, logger) = (self.members, self.outbox, self.logger)
        return try await database.transaction(logger: logger) { connection in
            let due = try await members.certificatesAwaitingExpiryNotice(
                now: now, horizon: horizon, limit: 500, on: connection)
            for certificate in due {
                for notice in Self.notices(certificate) { try await outbox.enqueue(notice, on: connection) }
                if certificate.contactEmail.isEmpty && certificate.contactPhone.isEmpty {
                    logger.warning(
                        "a certificate expires soon and its member has no contact",
                        metadata: [
                            "member": "\(certificate.organisationID)",
                            "fingerprint": "\(certificate.fingerprint)",
                        ])
                }
                try await members.recordExpiryNotice(certificate.fingerprint, at: now, on: connection)
            }
            return due.count
        }
    }

    /// The e-mail and SMS warning the member about `certificate` (none for a member without contact).
    static func notices(_ certificate: MemberStore.ExpiringCertificate) -> [OutboxNotification] {
        let what = certificate.usage == .connection ? "connection" : "signing"
        let day = CalendarDate(certificate.notAfter).iso8601
        let organisationID = certificate.organisationID
        var notices: [OutboxNotification] = []
        if !certificate.contactEmail.isEmpty {
            notices.append(
                OutboxNotification(
                    channel: .email, recipient: certificate.contactEmail,
                    subject: "VDXP: certificate of \(organisationID) expires on \(day)",
                    body: "The \(what) certificate \(certificate.subject) (SHA-256 \(certificate.fingerprint)) "
                        + "registered to \(certificate.memberName) (\(organisationID)) expires on \(day). Ask your CA "
                        + "for a new one and have the operator register it before then, or your system will be refused.",
                    kind: "certificate.expiry_warning", organisationID: certificate.memberID))
        }
        if !certificate.contactPhone.isEmpty {
            notices.append(
                OutboxNotification(
                    channel: .sms, recipient: certificate.contactPhone, subject: "",
                    body: "VDXP: chứng thư số \(what) của \(organisationID) hết hạn ngày \(day)",
                    kind: "certificate.expiry_warning", organisationID: certificate.memberID))
        }
        return notices
    }
}
