import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Planned maintenance (Art. 18.2.b): announced to every connected member at least 5 working days ahead.
extension TicketHandlers {
    /// The longest a window may last.
    static let maximumWindow: TimeInterval = 72 * 3600

    func announceMaintenance(
        request: Vdxp_Ticket_V1_AnnounceMaintenanceRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_MaintenanceWindow {
        let caller = try TicketCaller.current()
        try caller.requireOperator("announce maintenance")
        let requestID = try Self.requestID(request.requestID)
        let title = try Validate.text(request.title, field: "title", maximum: 200)
        let description = try Validate.text(request.description_p, field: "description", maximum: 5_000)
        guard request.hasStartTime else {
            throw TicketError.invalidField(field: "start_time", message: "start_time is required: when the stop begins")
        }
        guard request.hasEndTime else {
            throw TicketError.invalidField(field: "end_time", message: "end_time is required: when service is back")
        }
        let (start, end) = (request.startTime.date, request.endTime.date)
        guard end > start, end.timeIntervalSince(start) <= Self.maximumWindow else {
            throw TicketError.invalidField(
                field: "end_time", message: "end_time must be after start_time and at most 72 hours later")
        }
        var components: [String] = []
        for (index, component) in request.components.enumerated() {
            components.append(try Validate.text(component, field: "components[\(index)]", maximum: 64))
        }
        guard components.count <= 20 else {
            throw TicketError.invalidField(field: "components", message: "components lists at most 20 components")
        }
        let now = clock.now()
        // Art. 18.2.b, counted as Central counts Art. 17.2 (NoticePeriod) on Central's published calendar: the day of
        // the announcement does not count.
        let earliest = NoticePeriod.maintenance.earliestEffectiveDay(
            noticeDay: CalendarDate(now), calendar: try settings.calendar.calendar())
        guard CalendarDate(start) >= earliest else {
            throw TicketError.maintenanceTooSoon(earliest: earliest, workingDays: NoticePeriod.maintenance.workingDays)
        }
        let (tickets, windows, outbox) = (self.tickets, self.windows, self.outbox)
        let (window, repeated) = try await database.transaction(logger: logger) { connection in
            if let earlier = try await self.earlier(
                requestID, by: caller, method: "AnnounceMaintenance", on: connection),
                let window = try await windows.window(earlier, on: connection)
            {
                return (window, true)
            }
            let year = CalendarDate(now).year
            let number = try await tickets.nextNumber(prefix: "MW", year: year, on: connection)
            let window = MaintenanceRecord(
                windowID: TicketIdentifiers.window(year: year, number: number), title: title,
                description: description, startTime: start, endTime: end, components: components, announceTime: now,
                announcedBy: caller.actor)
            try await windows.insert(window, on: connection)
            try await outbox.enqueue(
                PendingAlert(
                    idempotencyKey: "maintenance/\(window.windowID)/announced", kind: .maintenanceAnnounced,
                    severity: .warning, organisationID: "", toOperators: false, channels: [.email, .sms],
                    summary: "Bảo trì Trục liên thông \(window.windowID) từ \(VietnamTime.text(start)): \(title)",
                    detail: MaintenanceTexts.announced(window), reference: window.windowID),
                at: now, on: connection)
            try await self.made(window.windowID, requestID: requestID, by: caller, on: connection)
            return (window, false)
        }
        if !repeated {
            logger.notice(
                "maintenance announced", metadata: ["window": "\(window.windowID)", "by": "\(caller.actor.name)"])
        }
        return window.proto(now: now)
    }

    func cancelMaintenance(
        request: Vdxp_Ticket_V1_CancelMaintenanceRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_MaintenanceWindow {
        let caller = try TicketCaller.current()
        try caller.requireOperator("cancel maintenance")
        guard !request.windowID.isEmpty else {
            throw TicketError.invalidField(field: "window_id", message: "window_id is required (e.g. MW-2026-0007)")
        }
        let reason = try Validate.text(request.reason, field: "reason", maximum: 2_000)
        let now = clock.now()
        let (windows, outbox) = (self.windows, self.outbox)
        let window = try await database.transaction(logger: logger) { connection in
            guard var window = try await windows.window(request.windowID, on: connection, forUpdate: true) else {
                throw TicketError.windowNotFound(windowID: String(request.windowID.prefix(64)))
            }
            switch window.state(at: now) {
            case .scheduled: break
            case .cancelled:
                // A retry whose answer was lost: what the members were told stands, and nobody is told twice.
                return window
            default:
                throw TicketError.windowNotCancellable(
                    windowID: window.windowID,
                    why: "it began at \(VietnamTime.text(window.startTime)); announce its end instead")
            }
            try await windows.cancel(window.windowID, reason: reason, at: now, on: connection)
            window.cancelTime = now
            window.cancelReason = reason
            try await outbox.enqueue(
                PendingAlert(
                    idempotencyKey: "maintenance/\(window.windowID)/cancelled", kind: .maintenanceAnnounced,
                    severity: .info, organisationID: "", toOperators: false, channels: [.email],
                    summary: "Hủy bảo trì \(window.windowID): \(window.title)",
                    detail: MaintenanceTexts.cancelled(window), reference: window.windowID),
                at: now, on: connection)
            return window
        }
        return window.proto(now: now)
    }

    func listMaintenanceWindows(
        request: Vdxp_Ticket_V1_ListMaintenanceWindowsRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_ListMaintenanceWindowsResponse {
        let caller = try TicketCaller.current()
        let limit = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = caller.pageScope("ListMaintenanceWindows", filter: [String(request.includePast)])
        let cursor = try PageToken<WindowCursor>.decodeIfPresent(request.pageToken, scope: scope)
        let now = clock.now()
        // The pages of one listing split upcoming from past as at its first page, so that none is shown twice.
        let asOf = cursor?.asOf ?? now
        let page = try await windows.list(includePast: request.includePast, asOf: asOf, after: cursor, limit: limit + 1)
        var response = Vdxp_Ticket_V1_ListMaintenanceWindowsResponse()
        response.windows = page.prefix(limit).map { $0.proto(now: now) }
        if page.count > limit, let last = page.prefix(limit).last {
            response.nextPageToken = try PageToken(
                WindowCursor(
                    asOf: asOf, past: last.isPast(asOf: asOf), startTime: last.startTime, windowID: last.windowID)
            ).encoded(scope: scope)
        }
        return response
    }
}

/// The words of maintenance alerts.
enum MaintenanceTexts {
    static func announced(_ window: MaintenanceRecord) -> String {
        """
        Đơn vị vận hành thông báo dừng hệ thống để bảo trì, nâng cấp (Điều 18.2.b):
        \(window.title)
        Từ \(VietnamTime.text(window.startTime)) đến \(VietnamTime.text(window.endTime))\(window.components.isEmpty ? " (toàn bộ Trục)" : " (\(window.components.joined(separator: ", ")))").
        \(window.description)
        """
    }

    /// To the operator group: `window`'s notice reached the members at `time`, fewer than 5 working days before it.
    static func late(_ window: MaintenanceRecord, deliveredAt time: Date, earliest: CalendarDate) -> String {
        """
        Thông báo bảo trì \(window.windowID) (\(window.title)), bắt đầu \(VietnamTime.text(window.startTime)), được \
        công bố lúc \(VietnamTime.text(window.announceTime)) nhưng chỉ đến được các thành viên lúc \
        \(VietnamTime.text(time)) (hệ thống Giám sát không nhận được thông báo trước đó): chưa đủ 5 ngày làm việc \
        trước ngày bảo trì (Điều 18.2.b).
        Nếu thông báo lại hôm nay, ngày sớm nhất có thể bảo trì là \(earliest.iso8601). Cân nhắc hủy lịch này \
        (CancelMaintenance) và thông báo lại (AnnounceMaintenance).
        """
    }

    static func cancelled(_ window: MaintenanceRecord) -> String {
        "Lịch bảo trì \(window.windowID) (\(window.title)) từ \(VietnamTime.text(window.startTime)) đã được hủy: "
            + window.cancelReason
    }
}
