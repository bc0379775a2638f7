import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// What Report keeps of Monitoring and Ticket (`report.connection_changes`, `report.member_connections`,
/// `report.sla_figures`, `report.source_positions`): written by ``OperationSourcePoller`` on the primary, read for
/// `OperationFigures` from the read database.
struct OperationSourceStore: Sendable {
    let database: Database
    let logger: Logger

    /// A source Report pulls from.
    enum Source: String, Sendable, CaseIterable {
        case monitoring
        case ticket
    }

    /// Where a pull stands: Monitoring's change time pulled through, or Ticket's first month still refreshed; and
    /// when the last pull succeeded.
    struct Position: Sendable, Equatable {
        var position: Date
        var refreshTime: Date
    }

    /// Each source's position; a source never pulled is absent.
    func positions() async throws -> [Source: Position] {
        var positions: [Source: Position] = [:]
        for try await (source, position, refreshTime) in try await database.query(
            "SELECT source, position, refresh_time FROM report.source_positions", logger: logger
        ).decode((String, Date, Date).self) {
            if let source = Source(rawValue: source) {
                positions[source] = Position(position: position, refreshTime: refreshTime)
            }
        }
        return positions
    }

    /// The database's clock now: when a pull begins reading its source, compared by ``claim(_:readAt:on:)`` with
    /// the time the kept pull began (every replica reads the same clock).
    func readTime() async throws -> Date {
        for try await time in try await database.query("SELECT clock_timestamp()", logger: logger).decode(Date.self) {
            return time
        }
        throw PostgresDecodingError.Code.missingData
    }

    /// Takes `source`'s write for this transaction, replica against replica (a transaction-scoped advisory lock), and
    /// answers whether a pull that began reading at `readAt` is newer than the one kept. False when another replica's
    /// pull, which began reading later, has already been written: the caller writes nothing, so a slow replica's
    /// older answer never replaces a newer one.
    func claim(_ source: Source, readAt: Date, on connection: PostgresConnection) async throws -> Bool {
        try await database.query(
            "SELECT pg_advisory_xact_lock(hashtext(\("report.source_positions." + source.rawValue)))", on: connection,
            logger: logger)
        for try await kept in try await database.query(
            "SELECT read_time FROM report.source_positions WHERE source = \(source.rawValue)", on: connection,
            logger: logger
        ).decode(Date?.self) {
            return kept.map { readAt > $0 } ?? true
        }
        return true
    }

    /// Records that `source` was pulled successfully now, through `position`, by a pull that began reading at
    /// `readAt`. Call after ``claim(_:readAt:on:)`` in the same transaction.
    func record(_ source: Source, position: Date, readAt: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO report.source_positions (source, position, refresh_time, read_time)
            VALUES (\(source.rawValue), \(position), now(), \(readAt))
            ON CONFLICT (source) DO UPDATE SET position = excluded.position, refresh_time = excluded.refresh_time,
                read_time = excluded.read_time
            """, on: connection, logger: logger)
    }

    /// What one pull read from Monitoring: its connection changes since the position, every member's connection
    /// now, and the latest change time read (the next position).
    struct MonitoringPull: Sendable {
        var readAt: Date
        var changes: [Vdxp_Monitoring_V1_ConnectionChange]
        var connections: [Vdxp_Monitoring_V1_MemberConnection]
        var position: Date
    }

    /// Keeps a pull from Monitoring in one transaction: its changes always (each is kept once, whichever pull
    /// brings it), the members' connections now and the position only when no pull that began reading later has
    /// been kept (``claim(_:readAt:on:)``).
    func keep(_ pull: MonitoringPull) async throws {
        try await database.transaction(logger: logger) { connection in
            let newest = try await claim(.monitoring, readAt: pull.readAt, on: connection)
            try await insert(changes: pull.changes, on: connection)
            guard newest else { return }
            try await replace(connections: pull.connections, on: connection)
            try await record(.monitoring, position: pull.position, readAt: pull.readAt, on: connection)
        }
    }

    /// What one pull read from Ticket: each month's SLA figures from the position through `lastMonth`.
    struct TicketPull: Sendable {
        var readAt: Date
        var months: [(VietnamDay, Vdxp_Ticket_V1_SlaFigures)]
        var lastMonth: VietnamDay
    }

    /// Keeps a pull from Ticket in one transaction, unless a pull that began reading later has been kept
    /// (``claim(_:readAt:on:)``): each month's figures replaced, and the position moved to the oldest month that
    /// still has tickets open (`lastMonth` when none has).
    func keep(_ pull: TicketPull) async throws {
        try await database.transaction(logger: logger) { connection in
            guard try await claim(.ticket, readAt: pull.readAt, on: connection) else { return }
            var position = pull.lastMonth
            var found = false
            for (month, figures) in pull.months {
                try await replace(slaFigures: figures, month: month, on: connection)
                if !found, try await hasOpenTickets(month: month, on: connection) {
                    position = month
                    found = true
                }
            }
            try await record(.ticket, position: position.start, readAt: pull.readAt, on: connection)
        }
    }

    /// Keeps connection changes; those already kept (the pull overlaps the last one by design) are left as they are.
    func insert(changes: [Vdxp_Monitoring_V1_ConnectionChange], on connection: PostgresConnection) async throws {
        for change in changes {
            try await database.query(
                """
                INSERT INTO report.connection_changes
                    (change_id, organisation_id, level1_unit, member_kind, state, change_time)
                VALUES (\(change.changeID), \(change.organisationID),
                    \(RollupKey.level1Unit(of: change.organisationID)),
                    \(RollupKey.memberKind(of: change.organisationID)), \(Int16(clamping: change.state.rawValue)),
                    \(change.changeTime.date))
                ON CONFLICT (change_id) DO NOTHING
                """, on: connection, logger: logger)
        }
    }

    /// Replaces the members' connections now with `connections` — by upserting each and deleting the others, so
    /// that two replicas replacing at once both succeed (a delete-all then insert would collide on the second).
    func replace(connections: [Vdxp_Monitoring_V1_MemberConnection], on connection: PostgresConnection) async throws {
        try await database.query(
            "DELETE FROM report.member_connections WHERE organisation_id <> ALL(\(connections.map(\.organisationID)))",
            on: connection, logger: logger)
        for member in connections {
            try await database.query(
                """
                INSERT INTO report.member_connections (organisation_id, level1_unit, member_kind, state, state_since)
                VALUES (\(member.organisationID), \(RollupKey.level1Unit(of: member.organisationID)),
                    \(RollupKey.memberKind(of: member.organisationID)), \(Int16(clamping: member.state.rawValue)),
                    \(member.hasStateSince ? member.stateSince.date : nil))
                ON CONFLICT (organisation_id) DO UPDATE SET state = excluded.state, state_since = excluded.state_since
                """, on: connection, logger: logger)
        }
    }

    /// Replaces the SLA figures of the month beginning on `month` with `figures` (every member's, as Ticket
    /// answered for that month); the rows are upserted, so two replicas replacing at once both succeed.
    func replace(
        slaFigures figures: Vdxp_Ticket_V1_SlaFigures, month: VietnamDay, on connection: PostgresConnection
    ) async throws {
        let day = month.number
        try await database.query(
            "DELETE FROM report.sla_figures WHERE month = DATE '1970-01-01' + \(day)", on: connection, logger: logger)
        for member in figures.members {
            for category in member.categories {
                try await database.query(
                    """
                    INSERT INTO report.sla_figures (organisation_id, level1_unit, member_kind, month, category, received,
                        met, breached, open)
                    VALUES (\(member.organisationID), \(RollupKey.level1Unit(of: member.organisationID)),
                        \(RollupKey.memberKind(of: member.organisationID)), DATE '1970-01-01' + \(day),
                        \(Int16(clamping: category.category.rawValue)), \(category.received), \(category.met),
                        \(category.breached), \(category.open))
                    ON CONFLICT (organisation_id, month, category) DO UPDATE SET received = excluded.received,
                        met = excluded.met, breached = excluded.breached, open = excluded.open
                    """, on: connection, logger: logger)
            }
        }
    }

    /// Whether any ticket received in the month beginning on `month` is still open (its figures can still change).
    func hasOpenTickets(month: VietnamDay, on connection: PostgresConnection) async throws -> Bool {
        for try await open in try await database.query(
            "SELECT EXISTS (SELECT 1 FROM report.sla_figures WHERE month = DATE '1970-01-01' + \(month.number) AND open > 0)",
            on: connection, logger: logger
        ).decode(Bool.self) {
            return open
        }
        return false
    }

    /// The operation figures of `query`'s scope (the document filter does not apply: connections and tickets have
    /// no document dimensions), one row per `group` value (`organisation_id` or `level1_unit`), or one row keyed
    /// `""` for the whole scope when `group` is nil. `now` bounds the uptime's period (a period reaching into the
    /// future is measured up to now).
    func figures(
        _ query: FigureQuery, by group: String? = nil, now: Date
    ) async throws -> [String: Vdxp_Report_V1_OperationFigures] {
        var result: [String: Vdxp_Report_V1_OperationFigures] = [:]
        let key = group ?? "''"
        // Members now, by state.
        let members = try FigureConditions(query, columns: .figures, dimensions: false, period: nil)
        for try await (value, connected, degraded, disconnected) in try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(key), count(*) FILTER (WHERE state = 1)::int8, count(*) FILTER (WHERE state = 2)::int8,
                        count(*) FILTER (WHERE state = 3)::int8
                    FROM report.member_connections WHERE \(members.sql) GROUP BY 1
                    """, binds: members.binds), logger: logger
        ).decode((String, Int64, Int64, Int64).self) {
            result[value, default: .init()].membersConnected = connected
            result[value, default: .init()].membersDegraded = degraded
            result[value, default: .init()].membersDisconnected = disconnected
        }
        // Uptime: per member, the time CONNECTED or DEGRADED over the time it was expected to be connected
        // (CONNECTED, DEGRADED or DISCONNECTED; NOT_EXPECTED and the time before Monitoring's first record of it do
        // not count), then averaged over the members expected at some time in the period.
        var changes = try FigureConditions(query, columns: .figures, dimensions: false, period: nil)
        let from = changes.bind(query.from.start)
        let to = changes.bind(min(query.to.start, max(now, query.from.start)))
        for try await (value, uptime) in try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH within AS (
                        -- The changes in the period, and each member's last change before it (its state as the
                        -- period begins) by an index probe per member Monitoring lists now, never the whole history
                        -- before the period; a member it no longer lists counts from its first change in the period.
                        SELECT organisation_id, level1_unit, state, change_time, change_id
                        FROM report.connection_changes
                        WHERE \(changes.sql) AND change_time >= \(from) AND change_time < \(to)
                        UNION ALL
                        SELECT b.organisation_id, b.level1_unit, b.state, b.change_time, b.change_id
                        FROM (SELECT organisation_id FROM report.member_connections WHERE \(changes.sql)) m
                        CROSS JOIN LATERAL (
                            SELECT organisation_id, level1_unit, state, change_time, change_id
                            FROM report.connection_changes x
                            WHERE x.organisation_id = m.organisation_id AND x.change_time < \(from)
                            ORDER BY x.change_time DESC, x.change_id DESC LIMIT 1
                        ) b
                    ), c AS (
                        SELECT organisation_id, level1_unit, state, change_time,
                            lead(change_time) OVER (PARTITION BY organisation_id ORDER BY change_time, change_id)
                                AS next_time
                        FROM within
                    ), spans AS (
                        SELECT organisation_id, level1_unit, state, extract(epoch FROM
                            least(coalesce(next_time, \(to)), \(to)) - greatest(change_time, \(from)))::float8
                            AS seconds
                        FROM c WHERE coalesce(next_time, \(to)) > \(from)
                    ), members AS (
                        SELECT organisation_id, level1_unit,
                            sum(seconds) FILTER (WHERE state IN (1, 2)) AS up,
                            sum(seconds) FILTER (WHERE state IN (1, 2, 3)) AS expected
                        FROM spans WHERE seconds > 0 GROUP BY 1, 2
                    )
                    SELECT \(key), avg(coalesce(up, 0) / expected)::float8 FROM members WHERE expected > 0 GROUP BY 1
                    """, binds: changes.binds), logger: logger
        ).decode((String, Double).self) {
            result[value, default: .init()].connectionUptime = uptime
        }
        // Tickets received in the period's months (the months that begin in it: Ticket's figures are by month), per
        // category (each has its clock, Art. 18.2) and in all. Platform incidents (tickets with no member) count for
        // the whole platform only, never in a group.
        var tickets = try FigureConditions(query, columns: .figures, dimensions: false, period: "month")
        if group != nil { tickets.add("organisation_id <> ''") }
        var met: [String: Int64] = [:]
        for try await (value, category, received, categoryMet, breached, open) in try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(key), category, sum(received)::int8, sum(met)::int8, sum(breached)::int8,
                        sum(open)::int8
                    FROM report.sla_figures WHERE \(tickets.sql) GROUP BY 1, 2 ORDER BY 1, 2
                    """, binds: tickets.binds), logger: logger
        ).decode((String, Vdxp_Ticket_V1_TicketCategory, Int64, Int64, Int64, Int64).self) {
            result[value, default: .init()].ticketsReceived += received
            result[value, default: .init()].ticketsBreached += breached
            result[value, default: .init()].ticketsOpen += open
            met[value, default: 0] += categoryMet
            result[value, default: .init()].ticketsByCategory.append(
                .with {
                    $0.category = category
                    $0.received = received
                    $0.slaMetRate = Self.metRate(met: categoryMet, breached: breached)
                    $0.breached = breached
                    $0.open = open
                })
        }
        for (value, met) in met {
            let breached = result[value]?.ticketsBreached ?? 0
            result[value]?.ticketSlaMetRate = Self.metRate(met: met, breached: breached)
        }
        return result
    }

    /// The share of decided tickets that met their clock; 0 when none is decided.
    static func metRate(met: Int64, breached: Int64) -> Double {
        met + breached == 0 ? 0 : Double(met) / Double(met + breached)
    }
}
