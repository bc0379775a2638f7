import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// A ticket's history (`ticket.events`): every change, comment and clock event, in order, never edited.
struct TicketEventStore: Sendable {
    let database: Database
    let logger: Logger

    /// Appends `event` to the history of `ticketID` (the sequence is the next one of the ticket, which the caller has
    /// locked) and returns it with its sequence.
    @discardableResult
    func append(_ event: Vdxp_Ticket_V1_TicketEvent, to ticketID: String, on connection: PostgresConnection)
        async throws -> Vdxp_Ticket_V1_TicketEvent
    {
        let time = event.eventTime.date
        let sequence =
            try await database.query(
                """
                INSERT INTO ticket.events
                    (ticket_id, sequence, kind, actor_kind, actor_name, actor_organisation, event_time, from_state,
                     to_state, text, internal, attachment_id)
                SELECT \(ticketID), coalesce(max(sequence), 0) + 1, \(event.kind), \(event.actor.kind),
                       \(event.actor.name), \(event.actor.organisationID), \(time), \(event.fromState),
                       \(event.toState), \(event.text), \(event.`internal`), \(Int(event.attachmentID))
                FROM ticket.events WHERE ticket_id = \(ticketID)
                RETURNING sequence
                """, on: connection, logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
        var appended = event
        appended.sequence = sequence
        return appended
    }

    /// How many comments the accounts and the system of `organisationID` wrote since `start`, on any ticket.
    func commentCount(
        byMember organisationID: String, since start: Date, on connection: PostgresConnection
    ) async throws -> Int {
        try await database.query(
            """
            SELECT count(*) FROM ticket.events
            WHERE actor_organisation = \(organisationID) AND event_time > \(start)
              AND kind = \(Vdxp_Ticket_V1_TicketEventKind.commented)
              AND actor_kind IN (\(Vdxp_Ticket_V1_ActorKind.account), \(Vdxp_Ticket_V1_ActorKind.memberSystem))
            """, on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// One page of the history of `ticketID`, oldest first, after `afterSequence`; without internal notes unless
    /// `includeInternal`.
    func list(ticketID: String, includeInternal: Bool, afterSequence: Int64, limit: Int) async throws
        -> [Vdxp_Ticket_V1_TicketEvent]
    {
        let rows = try await database.query(
            """
            SELECT sequence, kind, actor_kind, actor_name, actor_organisation, event_time, from_state, to_state, text,
                   internal, attachment_id
            FROM ticket.events
            WHERE ticket_id = \(ticketID) AND sequence > \(afterSequence) AND (\(includeInternal) OR NOT internal)
            ORDER BY sequence LIMIT \(limit)
            """, logger: logger)
        var events: [Vdxp_Ticket_V1_TicketEvent] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let event = try Vdxp_Ticket_V1_TicketEvent.with {
                $0.sequence = try row["sequence"].decode(Int64.self)
                $0.kind = try row["kind"].decode(Vdxp_Ticket_V1_TicketEventKind.self)
                $0.actor = .make(
                    try row["actor_kind"].decode(Vdxp_Ticket_V1_ActorKind.self),
                    try row["actor_name"].decode(String.self), try row["actor_organisation"].decode(String.self))
                $0.eventTime = Google_Protobuf_Timestamp(date: try row["event_time"].decode(Date.self))
                $0.fromState = try row["from_state"].decode(Vdxp_Ticket_V1_TicketState.self)
                $0.toState = try row["to_state"].decode(Vdxp_Ticket_V1_TicketState.self)
                $0.text = try row["text"].decode(String.self)
                $0.`internal` = try row["internal"].decode(Bool.self)
                $0.attachmentID = Int32(try row["attachment_id"].decode(Int.self))
            }
            events.append(event)
        }
        return events
    }
}

extension Vdxp_Ticket_V1_TicketEvent {
    /// An event of `kind` by `actor` at `time`.
    static func make(
        _ kind: Vdxp_Ticket_V1_TicketEventKind, by actor: Vdxp_Ticket_V1_Actor, at time: Date, text: String = "",
        from: Vdxp_Ticket_V1_TicketState = .unspecified, to: Vdxp_Ticket_V1_TicketState = .unspecified,
        internal: Bool = false, attachmentID: Int32 = 0
    ) -> Self {
        .with {
            $0.kind = kind
            $0.actor = actor
            $0.eventTime = Google_Protobuf_Timestamp(date: time)
            $0.text = text
            $0.fromState = from
            $0.toState = to
            $0.`internal` = `internal`
            $0.attachmentID = attachmentID
        }
    }
}
