import Foundation
import Logging
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Art. 18.2.b: the members hear of a planned stop at least 5 working days ahead. `AnnounceMaintenance` refuses a
/// nearer window, but the members hear of it only when Monitoring takes the notice from Ticket's outbox — later, when
/// Monitoring could not be reached for a while. So when ``AlertDispatcher`` has handed over a window's notice, this
/// counts the 5 working days again from the day it went out: for a window still scheduled that now starts sooner, the
/// operator group is told at once (inbox and e-mail), with the first day the stop could start if announced again
/// today, so that the operator can move it (`CancelMaintenance`, then `AnnounceMaintenance`). The members' notice
/// goes out all the same: late is better than not at all.
struct LateMaintenanceNotice: Sendable {
    let database: Database
    let windows: MaintenanceStore
    let outbox: AlertOutboxStore
    /// Central's working days (``TicketCalendarSource/calendar()``).
    let calendar: @Sendable () throws -> BusinessCalendar
    let logger: Logger

    /// The suffix of a window's notice in the outbox (`maintenance/MW-2026-000001/announced`).
    static let announcedSuffix = "/announced"

    /// Checks the notice `alert` Monitoring took at `time`; anything else is left alone. A failure is logged: the
    /// notice itself was delivered, and a check that cannot run must not hold the outbox up.
    func delivered(_ alert: PendingAlert, at time: Date) async {
        guard alert.kind == .maintenanceAnnounced, alert.idempotencyKey.hasSuffix(Self.announcedSuffix) else { return }
        do {
            guard let window = try await windows.window(alert.reference), window.cancelTime == nil else { return }
            let earliest = NoticePeriod.maintenance.earliestEffectiveDay(
                noticeDay: CalendarDate(time), calendar: try calendar())
            guard CalendarDate(window.startTime) < earliest else { return }
            logger.warning(
                "a maintenance notice reached the members fewer than 5 working days before the stop (Art. 18.2.b)",
                metadata: [
                    "window": "\(window.windowID)", "announced": "\(window.announceTime)", "delivered": "\(time)",
                    "earliest": "\(earliest)",
                ])
            let late = PendingAlert(
                idempotencyKey: "maintenance/\(window.windowID)/notice-late", kind: .maintenanceAnnounced,
                severity: .warning, organisationID: "", toOperators: true, channels: [.email],
                summary: "Thông báo bảo trì \(window.windowID) đến thành viên muộn: chưa đủ 5 ngày làm việc "
                    + "(Điều 18.2.b)",
                detail: MaintenanceTexts.late(window, deliveredAt: time, earliest: earliest), reference: window.windowID
            )
            try await database.transaction(logger: logger) { connection in
                try await outbox.enqueue(late, at: time, on: connection)
            }
        } catch {
            logger.warning(
                "cannot check whether a maintenance notice went out 5 working days ahead",
                metadata: ["window": "\(alert.reference)", "error": "\(loggedDescription(of: error))"])
        }
    }
}
