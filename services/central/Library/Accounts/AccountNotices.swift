import Foundation
import VDXPCore

/// The texts Central sends people about their accounts, in Vietnamese with an English line after it. Each builds the
/// e-mail and the SMS of one event.
enum AccountNotices {
    /// `account.inactivity_warning`.
    static let inactivityWarningKind = "account.inactivity_warning"
    /// `account.locked`.
    static let lockedKind = "account.locked"

    /// Warning `number` of 2 (Art. 16): no activity since `lastActivity`, locked at `lockTime` unless the person
    /// signs in.
    static func inactivityWarning(_ account: AccountRecord, number: Int, lockTime: Date) -> [OutboxNotification] {
        let since = time(account.lastActivityTime)
        let lock = time(lockTime)
        return OutboxNotification.emailAndSMS(
            email: account.email, phone: account.phone, kind: inactivityWarningKind,
            subject:
                "[VDXP] Cảnh báo tài khoản không hoạt động (lần \(number)/2) — inactive account, warning \(number) of 2",
            body: """
                Tài khoản \(account.username) (\(account.organisationID)) không hoạt động từ \(since). Theo Điều 16, \
                tài khoản sẽ bị khóa vào \(lock) nếu không đăng nhập trước thời điểm đó.
                Account \(account.username) of \(account.organisationID) has not been used since \(since). Sign in \
                before \(lock) or it will be locked (Art. 16).
                """,
            sms: "VDXP: tai khoan \(account.username) khong hoat dong tu \(day(account.lastActivityTime)); "
                + "se bi khoa ngay \(day(lockTime)) neu khong dang nhap (canh bao \(number)/2).",
            organisationID: account.organisationID, accountID: account.id)
    }

    /// The account was locked: why, by whom, and whom to ask.
    static func locked(_ account: AccountRecord, kind: String, reason: String, by actor: String, at now: Date)
        -> [OutboxNotification]
    {
        OutboxNotification.emailAndSMS(
            email: account.email, phone: account.phone, kind: lockedKind,
            subject: "[VDXP] Tài khoản đã bị khóa — account locked",
            body: """
                Tài khoản \(account.username) (\(account.organisationID)) đã bị khóa lúc \(time(now)) (\(kind)): \(reason). \
                Liên hệ quản trị viên của đơn vị hoặc đơn vị vận hành để mở khóa.
                Account \(account.username) of \(account.organisationID) was locked at \(time(now)) by \(actor) \
                (\(kind)): \(reason). Ask your organisation's administrator or the operator to unlock it.
                """,
            sms: "VDXP: tai khoan \(account.username) da bi khoa (\(kind)). Lien he quan tri vien don vi de mo khoa.",
            organisationID: account.organisationID, accountID: account.id)
    }

    /// An instant in Vietnam time, ISO 8601.
    static func time(_ instant: Date) -> String { EdXMLDate.iso8601VietnamTime(instant) }

    /// The day in Vietnam time, `yyyy-MM-dd`.
    static func day(_ instant: Date) -> String { CalendarDate(instant).description }
}
