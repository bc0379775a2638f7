import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import VDXPCore
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
        let outbox = self.outbox
        let logger = self.logger
        return try await database.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT c.fingerprint, c.organisation_id, c.usage, c.subject, c.not_after, m.contact_email, m.contact_phone,
                       m.display_name
                FROM central.member_certificates c JOIN central.members m USING (organisation_id)
                WHERE c.expiry_notice_time IS NULL AND c.not_after > \(now) AND c.not_after <= \(horizon)
                ORDER BY c.not_after LIMIT 500
                FOR UPDATE OF c SKIP LOCKED
                """, logger: logger)
            var due: [(String, String, Int, String, Date, String, String, String)] = []
            for try await row in rows.decode((String, String, Int, String, Date, String, String, String).self) {
                due.append(row)
            }
            for (fingerprint, organisationID, usage, subject, notAfter, email, phone, name) in due {
                let what = usage == 1 ? "connection" : "signing"
                let day = CalendarDate(notAfter).iso8601
                let body =
                    "The \(what) certificate \(subject) (SHA-256 \(fingerprint)) registered to \(name) (\(organisationID)) "
                    + "expires on \(day). Ask your CA for a new one and have the operator register it before then, "
                    + "or your system will be refused."
                let subjectLine = "VDXP: certificate of \(organisationID) expires on \(day)"
                if !email.isEmpty {
                    try await outbox.enqueue(
                        OutboxNotification(
                            channel: .email, recipient: email, subject: subjectLine, body: body,
                            kind: "certificate.expiry_warning", organisationID: organisationID),
                        on: connection)
                }
                if !phone.isEmpty {
                    try await outbox.enqueue(
                        OutboxNotification(
                            channel: .sms, recipient: phone, subject: "",
                            body: "VDXP: chứng thư số \(what) của \(organisationID) hết hạn ngày \(day)",
                            kind: "certificate.expiry_warning", organisationID: organisationID),
                        on: connection)
                }
                if email.isEmpty && phone.isEmpty {
                    logger.warning(
                        "a certificate expires soon and its member has no contact",
                        metadata: ["organisation_id": "\(organisationID)", "fingerprint": "\(fingerprint)"])
                }
                try await connection.query(
                    "UPDATE central.member_certificates SET expiry_notice_time = \(now) WHERE fingerprint = \(fingerprint)",
                    logger: logger)
            }
            return due.count
        }
    }
}
