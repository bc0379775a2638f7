import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Planned maintenance windows (`ticket.maintenance_windows`, Art. 18.2.b). A window's state is not stored: it is
/// computed from the clock when read (``MaintenanceRecord/state(at:)``), except CANCELLED.
struct MaintenanceStore: Sendable {
    let database: Database
    let logger: Logger

    private static let columns = """
        window_id, title, description, start_time, end_time, components, announce_time, announced_by_kind,
        announced_by_name, announced_by_organisation, cancel_time, cancel_reason
        """

    /// Stores a new window.
    func insert(_ window: MaintenanceRecord, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO ticket.maintenance_windows
                (window_id, title, description, start_time, end_time, components, announce_time, announced_by_kind,
                 announced_by_name, announced_by_organisation)
            VALUES (\(window.windowID), \(window.title), \(window.description), \(window.startTime),
                    \(window.endTime), \(window.components), \(window.announceTime), \(window.announcedBy.kind),
                    \(window.announcedBy.name), \(window.announcedBy.organisationID))
            """, on: connection, logger: logger)
    }

    /// The window `windowID`, locked when `forUpdate`.
    func window(_ windowID: String, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws
        -> MaintenanceRecord?
    {
        let lock = forUpdate ? " FOR UPDATE" : ""
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM ticket.maintenance_windows
            WHERE window_id = \(windowID)\(unescaped: lock)
            """, on: connection, logger: logger)
        for try await row in rows { return try MaintenanceRecord(row: row) }
        return nil
    }

    /// Records the cancellation of `windowID`.
    func cancel(_ windowID: String, reason: String, at time: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE ticket.maintenance_windows SET cancel_time = \(time), cancel_reason = \(reason)
            WHERE window_id = \(windowID)
            """, on: connection, logger: logger)
    }

    /// One page of windows after `cursor` (keyset): upcoming and under way at `asOf`, soonest first; with
    /// `includePast`, then the others (ended or cancelled at `asOf`), newest first.
    func list(includePast: Bool, asOf: Date, after cursor: WindowCursor?, limit: Int) async throws
        -> [MaintenanceRecord]
    {
        // A window is past when cancelled or ended at `asOf` (a window cancelled later, between two pages, stays in
        // the group its first page put it in, so that it is shown once); the cursor is the last window shown and its
        // group.
        let (afterUpcoming, afterPast) = (cursor.map { !$0.past } ?? false, cursor?.past ?? false)
        let (start, windowID) = (cursor?.startTime ?? Date(), cursor?.windowID ?? "")
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM (
                SELECT *, (cancel_time <= \(asOf) OR end_time <= \(asOf)) IS TRUE AS past
                FROM ticket.maintenance_windows
            ) AS w
            WHERE (\(includePast) OR NOT past)
              AND (NOT \(afterUpcoming) OR past OR (start_time, window_id) > (\(start), \(windowID)))
              AND (NOT \(afterPast)
                   OR (past AND (start_time < \(start) OR (start_time = \(start) AND window_id > \(windowID)))))
            ORDER BY past,
                     CASE WHEN past THEN NULL ELSE start_time END ASC,
                     CASE WHEN past THEN start_time END DESC,
                     window_id
            LIMIT \(limit)
            """, logger: logger)
        var windows: [MaintenanceRecord] = []
        for try await row in rows { windows.append(try MaintenanceRecord(row: row)) }
        return windows
    }
}

/// One maintenance window as stored.
struct MaintenanceRecord: Sendable {
    var windowID: String
    var title: String
    var description: String
    var startTime: Date
    var endTime: Date
    var components: [String]
    var announceTime: Date
    var announcedBy: Vdxp_Ticket_V1_Actor
    var cancelTime: Date?
    var cancelReason: String

    init(
        windowID: String, title: String, description: String, startTime: Date, endTime: Date, components: [String],
        announceTime: Date, announcedBy: Vdxp_Ticket_V1_Actor
    ) {
        self.windowID = windowID
        self.title = title
        self.description = description
        self.startTime = startTime
        self.endTime = endTime
        self.components = components
        self.announceTime = announceTime
        self.announcedBy = announcedBy
        self.cancelTime = nil
        self.cancelReason = ""
    }

    init(row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        windowID = try row["window_id"].decode(String.self)
        title = try row["title"].decode(String.self)
        description = try row["description"].decode(String.self)
        startTime = try row["start_time"].decode(Date.self)
        endTime = try row["end_time"].decode(Date.self)
        components = try row["components"].decode([String].self)
        announceTime = try row["announce_time"].decode(Date.self)
        announcedBy = .make(
            try row["announced_by_kind"].decode(Vdxp_Ticket_V1_ActorKind.self),
            try row["announced_by_name"].decode(String.self),
            try row["announced_by_organisation"].decode(String.self))
        cancelTime = try row["cancel_time"].decode(Date?.self)
        cancelReason = try row["cancel_reason"].decode(String.self)
    }

    /// Whether the window is listed among the past ones at `asOf`: cancelled or ended by then (as the store's listing
    /// splits them).
    func isPast(asOf: Date) -> Bool { cancelTime.map { $0 <= asOf } ?? false || endTime <= asOf }

    /// Where the window stands at `now`.
    func state(at now: Date) -> Vdxp_Ticket_V1_MaintenanceState {
        if cancelTime != nil { return .cancelled }
        if now < startTime { return .scheduled }
        if now < endTime { return .inProgress }
        return .completed
    }

    /// The window as the contract shows it at `now`.
    func proto(now: Date) -> Vdxp_Ticket_V1_MaintenanceWindow {
        .with {
            $0.windowID = windowID
            $0.title = title
            $0.description_p = description
            $0.startTime = Google_Protobuf_Timestamp(date: startTime)
            $0.endTime = Google_Protobuf_Timestamp(date: endTime)
            $0.components = components
            $0.state = state(at: now)
            $0.announceTime = Google_Protobuf_Timestamp(date: announceTime)
            $0.announcedBy = announcedBy
            $0.cancelReason = cancelReason
        }
    }
}

/// Where a page of `ListMaintenanceWindows` ends: the last window shown, whether it was in the past group, and the
/// time the listing split upcoming from past at (its first page).
struct WindowCursor: Codable, Sendable {
    var asOf: Date
    var past: Bool
    var startTime: Date
    var windowID: String
}
