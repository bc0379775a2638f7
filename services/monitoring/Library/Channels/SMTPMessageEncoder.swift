import Foundation

/// Writes a ``ChannelMessage`` as an RFC 5322 message and prepares it for the SMTP `DATA` command.
///
/// The message carries `Date`, a `Message-ID` derived from the notification id (so a retried delivery is recognisably
/// the same message and a mail system can drop the duplicate), `From`, `To`, `Subject` (RFC 2047 UTF-8 encoded words
/// when not plain ASCII), `MIME-Version` and a `text/plain; charset=utf-8` body in quoted-printable.
enum SMTPMessageEncoder {
    /// The full message, headers and body, lines separated by CRLF, without the final `.`.
    static func message(_ message: ChannelMessage, from: SMTPMailbox, to: SMTPMailbox, date: Date) -> String {
        let headers = [
            "Date: " + rfc5322Date(date),
            "Message-ID: " + messageID(message.notificationID, domain: from.domain),
            "From: " + from.headerValue,
            "To: " + to.address,
            "Subject: " + MIMEEncoding.headerText(message.subject, after: "Subject: "),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "Auto-Submitted: auto-generated",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + MIMEEncoding.quotedPrintable(message.body)
    }

    /// `<notification-id@sender-domain>`: the same id for every attempt at one notification (RFC 5322 §3.6.4).
    static func messageID(_ notificationID: UUID, domain: String) -> String {
        "<\(notificationID.uuidString.lowercased())@\(domain)>"
    }

    /// The bytes sent after `DATA` was accepted: every line break made CRLF, every line starting with `.` given
    /// one more (RFC 5321 §4.5.2, "dot-stuffing"), and the terminating `CRLF.CRLF`.
    static func dataSection(_ message: String) -> String {
        MIMEEncoding.normalisedLines(message)
            .map { $0.hasPrefix(".") ? "." + $0 : $0 }
            .joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// `Wed, 02 Dec 2026 16:50:09 +0000` (RFC 5322 §3.3), always in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
