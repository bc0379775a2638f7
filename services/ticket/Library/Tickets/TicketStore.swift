import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Support tickets (`ticket.tickets`) with their clocks: every statement on the table. Each method takes an optional
/// connection, so that a change composes with its history and its alerts in one transaction.
struct TicketStore: Sendable {
    let database: Database
    let logger: Logger

    /// Inserts a new ticket, its clock's deadline stored for the sweeper.
    func insert(_ ticket: TicketRecord, dueTime: Date, on connection: PostgresConnection) async throws {
        let clock = ticket.clock
        let policy = clock.policy
        try await database.query(
            """
            INSERT INTO ticket.tickets
                (ticket_id, organisation_id, category, priority, channel, subject, description, state, opened_by_kind,
                 opened_by_name, opened_by_organisation, reported_by, incident_id, related_ticket_id, receive_time,
                 update_time, sla_target_seconds, sla_met_by, sla_clock_hours, sla_pause_while_waiting,
                 sla_warning_seconds, sla_workday_start, sla_workday_end, sla_state, sla_due_time)
            VALUES (\(ticket.ticketID), \(ticket.organisationID), \(ticket.category), \(ticket.priority),
                    \(ticket.channel), \(ticket.subject), \(ticket.description), \(ticket.state),
                    \(ticket.openedBy.kind), \(ticket.openedBy.name), \(ticket.openedBy.organisationID),
                    \(ticket.reportedBy), \(ticket.incidentID), \(ticket.relatedTicketID), \(clock.receiveTime),
                    \(ticket.updateTime), \(policy.targetSeconds), \(policy.metBy), \(policy.clockHours),
                    \(policy.pauseWhileWaiting), \(policy.warningSeconds), \(policy.workingHours.start),
                    \(policy.workingHours.end), \(clock.state), \(dueTime))
            """, on: connection, logger: logger)
    }

    /// Writes back everything a handler or the sweeper may change, with the clock's deadline at `now` (for the
    /// sweeper) and its counted time to the milestone (for ``slaFigures(organisationID:start:end:)``), both counted
    /// on `timeline`.
    func update(
        _ ticket: TicketRecord, timeline: SlaTimeline, now: Date, on connection: PostgresConnection
    ) async throws {
        let clock = ticket.clock
        let dueTime = clock.dueTime(on: timeline, now: now)
        let timeToMilestone = clock.timeToMilestone(on: timeline)
        try await database.query(
            """
            UPDATE ticket.tickets SET
                priority = \(ticket.priority), state = \(ticket.state), assignee = \(ticket.assignee),
                update_time = \(ticket.updateTime), resolution = \(ticket.resolution),
                resolve_time = \(ticket.resolveTime), reopen_count = \(ticket.reopenCount),
                sla_state = \(clock.state), sla_paused_seconds = \(clock.pausedSeconds),
                sla_pause_start = \(clock.pauseStart), sla_due_time = \(dueTime), sla_met_time = \(clock.metTime),
                sla_warn_time = \(clock.warnTime), sla_escalate_time = \(clock.escalateTime),
                sla_time_to_milestone = \(timeToMilestone)
            WHERE ticket_id = \(ticket.ticketID)
            """, on: connection, logger: logger)
    }

    /// Serializes, until the transaction ends, what counts against `organisationID`'s quotas (its unresolved tickets,
    /// the bytes it attached, the comments it wrote), so that concurrent calls cannot together go past a limit. Taken
    /// after the ticket's row lock where a ticket is changed.
    func lockQuotas(of organisationID: String, on connection: PostgresConnection) async throws {
        _ = try await database.query(
            "SELECT pg_advisory_xact_lock(hashtext(\("ticket.quotas." + organisationID)))", on: connection,
            logger: logger
        ).collect()
    }

    /// How many tickets `organisationID` opened through the API are still open (NEW to WAITING_FOR_MEMBER).
    func unresolvedCount(openedThroughAPIBy organisationID: String, on connection: PostgresConnection) async throws
        -> Int
    {
        try await database.query(
            """
            SELECT count(*) FROM ticket.tickets
            WHERE organisation_id = \(organisationID) AND channel = \(Vdxp_Ticket_V1_IntakeChannel.api)
              AND state = ANY(\(TicketLifecycle.openStates))
            """, on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// The ticket `ticketID`, locked for the rest of the transaction when `forUpdate`.
    func ticket(_ ticketID: String, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws
        -> TicketRecord?
    {
        let lock = forUpdate ? " FOR UPDATE" : ""
        return try await first(
            "SELECT \(unescaped: TicketRecord.columns) FROM ticket.tickets WHERE ticket_id = \(ticketID)\(unescaped: lock)",
            on: connection)
    }

    /// The ticket Monitoring opened for `incidentID`, if any.
    func ticket(incidentID: String, on connection: PostgresConnection? = nil) async throws -> TicketRecord? {
        try await first(
            "SELECT \(unescaped: TicketRecord.columns) FROM ticket.tickets WHERE incident_id = \(incidentID)",
            on: connection)
    }

    /// One page of tickets, most recently received first, after the cursor.
    func list(_ filter: TicketFilter, after cursor: TicketCursor?, limit: Int) async throws -> [TicketRecord] {
        let rows = try await database.query(Self.listQuery(filter, after: cursor, limit: limit), logger: logger)
        var tickets: [TicketRecord] = []
        for try await row in rows { tickets.append(try TicketRecord(row: row)) }
        return tickets
    }

    /// The statement of ``list(_:after:limit:)``: a filter on open states reads `tickets_open_by_receipt`.
    static func listQuery(_ filter: TicketFilter, after cursor: TicketCursor?, limit: Int) -> PostgresQuery {
        let states = filter.states.map { Int16($0.rawValue) }
        return """
            SELECT \(unescaped: TicketRecord.columns) FROM ticket.tickets
            WHERE (\(filter.organisationID) = '' OR organisation_id = \(filter.organisationID))
              AND (cardinality(\(states)::smallint[]) = 0 OR state = ANY(\(states)::smallint[]))
              AND (\(filter.category == .unspecified) OR category = \(Int16(filter.category.rawValue)))
              AND (\(filter.assignee) = '' OR assignee = \(filter.assignee == "-" ? "" : filter.assignee))
              AND (NOT \(filter.breachedOnly) OR sla_state = \(Int16(Vdxp_Ticket_V1_SlaState.breached.rawValue)))
              AND (\(cursor == nil) OR (receive_time, ticket_id) < (\(cursor?.receiveTime ?? Date()), \(cursor?.ticketID ?? "")))
            ORDER BY receive_time DESC, ticket_id DESC LIMIT \(limit)
            """
    }

    /// Up to `limit` tickets whose clock may need the sweeper at `now` — running ones whose warning period the stored
    /// deadline has reached, warned ones whose deadline it has reached — locked and skipped by other replicas. (A
    /// warned ticket not due yet is not taken: hundreds of them, in a mass incident, would fill every batch and keep
    /// the running ones entering their warning period from being warned.)
    func clocksToSweep(now: Date, limit: Int, on connection: PostgresConnection) async throws -> [TicketRecord] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: TicketRecord.columns) FROM ticket.tickets
            WHERE (sla_state = \(Vdxp_Ticket_V1_SlaState.running)
                   AND sla_due_time - make_interval(secs => sla_warning_seconds) <= \(now))
               OR (sla_state = \(Vdxp_Ticket_V1_SlaState.warned) AND sla_due_time <= \(now))
            ORDER BY sla_due_time LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """, on: connection, logger: logger)
        var tickets: [TicketRecord] = []
        for try await row in rows { tickets.append(try TicketRecord(row: row)) }
        return tickets
    }

    /// Up to `limit` RESOLVED tickets resolved before `resolvedBefore`, locked and skipped by other replicas.
    func resolvedBefore(_ resolvedBefore: Date, limit: Int, on connection: PostgresConnection) async throws
        -> [TicketRecord]
    {
        let rows = try await database.query(
            """
            SELECT \(unescaped: TicketRecord.columns) FROM ticket.tickets
            WHERE state = \(Vdxp_Ticket_V1_TicketState.resolved) AND resolve_time < \(resolvedBefore)
            ORDER BY resolve_time LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """, on: connection, logger: logger)
        var tickets: [TicketRecord] = []
        for try await row in rows { tickets.append(try TicketRecord(row: row)) }
        return tickets
    }

    /// The SLA figures of the tickets received in [`start`, `end`), of one member unless `organisationID` is empty,
    /// aggregated in the database: one row per member (empty for platform incidents) and category, in that order,
    /// with the median and 90th percentile (nearest rank, `percentile_disc`) of the counted time to the milestone
    /// over the tickets that reached it.
    func slaFigures(organisationID: String, start: Date, end: Date) async throws
        -> [(organisationID: String, figures: Vdxp_Ticket_V1_CategorySlaFigures)]
    {
        let met = Vdxp_Ticket_V1_SlaState.met
        let breached = Vdxp_Ticket_V1_SlaState.breached
        let open: [Vdxp_Ticket_V1_SlaState] = [.running, .warned, .paused]
        let openStates = open.map { Int16($0.rawValue) }
        let rows = try await database.query(
            """
            SELECT organisation_id, category, count(*) AS received,
                   count(*) FILTER (WHERE sla_state = \(met)) AS met,
                   count(*) FILTER (WHERE sla_state = \(breached)) AS breached,
                   count(*) FILTER (WHERE sla_state = ANY(\(openStates)::smallint[])) AS open,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY sla_time_to_milestone) AS median,
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY sla_time_to_milestone) AS p90
            FROM ticket.tickets
            WHERE receive_time >= \(start) AND receive_time < \(end)
              AND (\(organisationID) = '' OR organisation_id = \(organisationID))
            GROUP BY organisation_id, category
            ORDER BY organisation_id, category
            """, logger: logger)
        var figures: [(organisationID: String, figures: Vdxp_Ticket_V1_CategorySlaFigures)] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let median = try row["median"].decode(Double?.self)
            let p90 = try row["p90"].decode(Double?.self)
            let category = try row["category"].decode(Vdxp_Ticket_V1_TicketCategory.self)
            let received = try row["received"].decode(Int64.self)
            let metCount = try row["met"].decode(Int64.self)
            let breachedCount = try row["breached"].decode(Int64.self)
            let openCount = try row["open"].decode(Int64.self)
            let member = try row["organisation_id"].decode(String.self)
            figures.append(
                (
                    organisationID: member,
                    figures: .with {
                        $0.category = category
                        $0.received = received
                        $0.met = metCount
                        $0.breached = breachedCount
                        $0.open = openCount
                        if let median { $0.medianTimeToMilestone = .init(seconds: Int64(median.rounded())) }
                        if let p90 { $0.p90TimeToMilestone = .init(seconds: Int64(p90.rounded())) }
                    }
                ))
        }
        return figures
    }

    /// The next number of `prefix` (`TK`, `MW`, `NT`) in `year`, from 1.
    func nextNumber(prefix: String, year: Int, on connection: PostgresConnection) async throws -> Int {
        try await database.query(
            """
            INSERT INTO ticket.counters (prefix, year, last) VALUES (\(prefix), \(year), 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last = ticket.counters.last + 1
            RETURNING last
            """, on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 1
    }

    /// Runs `query` and reads its first row as a ticket.
    private func first(_ query: PostgresQuery, on connection: PostgresConnection?) async throws -> TicketRecord? {
        for try await row in try await database.query(query, on: connection, logger: logger) {
            return try TicketRecord(row: row)
        }
        return nil
    }
}

/// What `ListTickets` filters on, checked by the handler.
struct TicketFilter: Sendable {
    /// One member, or empty for all.
    var organisationID: String
    /// Only these states; empty for all.
    var states: [Vdxp_Ticket_V1_TicketState]
    /// One category, or UNSPECIFIED for all.
    var category: Vdxp_Ticket_V1_TicketCategory
    /// One assignee, `-` for unassigned, empty for all.
    var assignee: String
    /// Only breached clocks.
    var breachedOnly: Bool
}

/// Where a page of `ListTickets` ends.
struct TicketCursor: Codable, Sendable {
    var receiveTime: Date
    var ticketID: String
}
