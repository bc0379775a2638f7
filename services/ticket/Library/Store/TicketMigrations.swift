import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The `ticket` schema: tickets with their support clock, their history, attachments, maintenance windows, operator
/// notices and their acknowledgements, the outbox of alerts handed to Monitoring, the account locks owed to Central
/// (2), the claim of an outbox row by a dispatcher (3), the counted time to the milestone (4), the working hours of the
/// ticket's policy (5), what a member attached (6) and commented (8) in a day, a refused account lock (7), and the year
/// counters behind the readable ids (`TK-2026-000123`, `MW-2026-0007`, `NT-2026-0001`).
///
/// States, kinds and categories are the contract's enum numbers in `smallint` columns (``SmallintProtoEnum``).
enum TicketMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "tickets, events, attachments, maintenance windows, notices, alert outbox",
            statements: [
                """
                CREATE TABLE ticket.counters (
                    prefix text NOT NULL,
                    year integer NOT NULL,
                    last integer NOT NULL,
                    PRIMARY KEY (prefix, year)
                )
                """,
                """
                CREATE TABLE ticket.tickets (
                    ticket_id text PRIMARY KEY,
                    organisation_id text NOT NULL,
                    category smallint NOT NULL,
                    priority smallint NOT NULL,
                    channel smallint NOT NULL,
                    subject text NOT NULL,
                    description text NOT NULL,
                    state smallint NOT NULL,
                    opened_by_kind smallint NOT NULL,
                    opened_by_name text NOT NULL,
                    opened_by_organisation text NOT NULL,
                    reported_by text NOT NULL DEFAULT '',
                    assignee text NOT NULL DEFAULT '',
                    incident_id text NOT NULL DEFAULT '',
                    related_ticket_id text NOT NULL DEFAULT '',
                    receive_time timestamptz NOT NULL,
                    update_time timestamptz NOT NULL,
                    resolution text NOT NULL DEFAULT '',
                    resolve_time timestamptz,
                    reopen_count integer NOT NULL DEFAULT 0,
                    sla_target_seconds bigint NOT NULL,
                    sla_met_by smallint NOT NULL,
                    sla_clock_hours boolean NOT NULL,
                    sla_pause_while_waiting boolean NOT NULL,
                    sla_warning_seconds bigint NOT NULL,
                    sla_state smallint NOT NULL,
                    sla_paused_seconds double precision NOT NULL DEFAULT 0,
                    sla_pause_start timestamptz,
                    sla_due_time timestamptz NOT NULL,
                    sla_met_time timestamptz,
                    sla_warn_time timestamptz,
                    sla_escalate_time timestamptz
                )
                """,
                "CREATE UNIQUE INDEX tickets_by_incident ON ticket.tickets (incident_id) WHERE incident_id <> ''",
                """
                CREATE INDEX tickets_by_member ON ticket.tickets (organisation_id, receive_time DESC, ticket_id DESC)
                """,
                "CREATE INDEX tickets_by_receipt ON ticket.tickets (receive_time DESC, ticket_id DESC)",
                // The sweeper's work: running clocks by deadline.
                "CREATE INDEX tickets_running_clocks ON ticket.tickets (sla_due_time) WHERE sla_state IN (1, 2)",
                "CREATE INDEX tickets_resolved ON ticket.tickets (resolve_time) WHERE state = 5",
                """
                CREATE TABLE ticket.events (
                    ticket_id text NOT NULL REFERENCES ticket.tickets (ticket_id),
                    sequence bigint NOT NULL,
                    kind smallint NOT NULL,
                    actor_kind smallint NOT NULL,
                    actor_name text NOT NULL,
                    actor_organisation text NOT NULL,
                    event_time timestamptz NOT NULL,
                    from_state smallint NOT NULL DEFAULT 0,
                    to_state smallint NOT NULL DEFAULT 0,
                    text text NOT NULL DEFAULT '',
                    internal boolean NOT NULL DEFAULT false,
                    attachment_id integer NOT NULL DEFAULT 0,
                    PRIMARY KEY (ticket_id, sequence)
                )
                """,
                """
                CREATE TABLE ticket.attachments (
                    ticket_id text NOT NULL REFERENCES ticket.tickets (ticket_id),
                    attachment_id integer NOT NULL,
                    file_name text NOT NULL,
                    media_type text NOT NULL,
                    size_bytes bigint NOT NULL,
                    sha256 bytea NOT NULL,
                    content bytea NOT NULL,
                    added_by_kind smallint NOT NULL,
                    added_by_name text NOT NULL,
                    added_by_organisation text NOT NULL,
                    add_time timestamptz NOT NULL,
                    PRIMARY KEY (ticket_id, attachment_id)
                )
                """,
                """
                CREATE TABLE ticket.maintenance_windows (
                    window_id text PRIMARY KEY,
                    title text NOT NULL,
                    description text NOT NULL,
                    start_time timestamptz NOT NULL,
                    end_time timestamptz NOT NULL,
                    components text[] NOT NULL,
                    announce_time timestamptz NOT NULL,
                    announced_by_kind smallint NOT NULL,
                    announced_by_name text NOT NULL,
                    announced_by_organisation text NOT NULL,
                    cancel_time timestamptz,
                    cancel_reason text NOT NULL DEFAULT ''
                )
                """,
                "CREATE INDEX maintenance_windows_by_start ON ticket.maintenance_windows (start_time, window_id)",
                """
                CREATE TABLE ticket.notices (
                    notice_id text PRIMARY KEY,
                    kind smallint NOT NULL,
                    organisation_id text NOT NULL,
                    subject text NOT NULL,
                    body text NOT NULL,
                    due_time timestamptz,
                    ticket_id text NOT NULL DEFAULT '',
                    issued_by_kind smallint NOT NULL,
                    issued_by_name text NOT NULL,
                    issued_by_organisation text NOT NULL,
                    issue_time timestamptz NOT NULL
                )
                """,
                "CREATE INDEX notices_by_issue ON ticket.notices (issue_time DESC, notice_id DESC)",
                """
                CREATE TABLE ticket.notice_acknowledgements (
                    notice_id text NOT NULL REFERENCES ticket.notices (notice_id),
                    organisation_id text NOT NULL,
                    acknowledge_time timestamptz NOT NULL,
                    by_kind smallint NOT NULL,
                    by_name text NOT NULL,
                    PRIMARY KEY (notice_id, organisation_id)
                )
                """,
                """
                CREATE TABLE ticket.alert_outbox (
                    id bigserial PRIMARY KEY,
                    idempotency_key text NOT NULL UNIQUE,
                    kind smallint NOT NULL,
                    severity smallint NOT NULL,
                    organisation_id text NOT NULL,
                    to_operators boolean NOT NULL,
                    channels smallint[] NOT NULL,
                    summary text NOT NULL,
                    detail text NOT NULL,
                    reference text NOT NULL,
                    create_time timestamptz NOT NULL,
                    attempts integer NOT NULL DEFAULT 0,
                    next_attempt_time timestamptz NOT NULL,
                    last_error text NOT NULL DEFAULT '',
                    alert_id bigint,
                    delivered_time timestamptz
                )
                """,
                """
                CREATE INDEX alert_outbox_pending ON ticket.alert_outbox (next_attempt_time, id)
                WHERE delivered_time IS NULL
                """,
            ]),
        Migration(
            version: 2, name: "account locks owed to Central after a lost credential report",
            statements: [
                """
                CREATE TABLE ticket.credential_locks (
                    ticket_id text PRIMARY KEY REFERENCES ticket.tickets (ticket_id),
                    organisation_id text NOT NULL,
                    username text NOT NULL,
                    lock_time timestamptz,
                    attempts integer NOT NULL DEFAULT 0,
                    next_attempt_time timestamptz NOT NULL,
                    last_error text NOT NULL DEFAULT ''
                )
                """,
                """
                CREATE INDEX credential_locks_pending ON ticket.credential_locks (next_attempt_time)
                WHERE lock_time IS NULL
                """,
            ]),
        Migration(
            version: 3, name: "alert outbox rows are claimed for a lease, not locked during the call to Monitoring",
            statements: [
                """
                ALTER TABLE ticket.alert_outbox
                    ADD COLUMN claim_token uuid,
                    ADD COLUMN claimed_until timestamptz
                """
            ]),
        Migration(
            version: 4, name: "the counted time to the milestone, kept for SLA figures aggregated in SQL",
            statements: [
                "ALTER TABLE ticket.tickets ADD COLUMN sla_time_to_milestone double precision",
                // Clock-hour clocks count plain time; a working-hours clock met before this migration has no
                // figure (its calendar at the time is not known here) and is left out of the percentiles.
                """
                UPDATE ticket.tickets
                SET sla_time_to_milestone = greatest(0, extract(epoch FROM sla_met_time - receive_time)
                    - sla_paused_seconds)
                WHERE sla_met_time IS NOT NULL AND sla_clock_hours
                """,
            ]),
        Migration(
            version: 5, name: "the working hours are part of the policy copied onto each ticket",
            statements: [
                // Seconds after midnight, Vietnam time. Tickets received before this migration are given the default
                // 08:00–17:00 (the hours they were received under are not known here): only working-hours clocks,
                // not the default, ever read them.
                """
                ALTER TABLE ticket.tickets
                    ADD COLUMN sla_workday_start integer NOT NULL DEFAULT 28800,
                    ADD COLUMN sla_workday_end integer NOT NULL DEFAULT 61200,
                    ADD CONSTRAINT tickets_working_hours CHECK (sla_workday_start >= 0 AND sla_workday_start < 86400
                        AND sla_workday_end > sla_workday_start AND sla_workday_end <= 86400)
                """,
                "ALTER TABLE ticket.tickets ALTER COLUMN sla_workday_start DROP DEFAULT",
                "ALTER TABLE ticket.tickets ALTER COLUMN sla_workday_end DROP DEFAULT",
            ]),
        Migration(
            version: 6, name: "what a member attached in the last 24 hours is found without a scan (its daily quota)",
            statements: [
                "CREATE INDEX attachments_by_adder ON ticket.attachments (added_by_organisation, add_time)"
            ]),
        Migration(
            version: 7, name: "a lost-credential lock Central cannot make (no such account) is refused, not retried",
            statements: [
                "ALTER TABLE ticket.credential_locks ADD COLUMN refuse_time timestamptz",
                "DROP INDEX ticket.credential_locks_pending",
                """
                CREATE INDEX credential_locks_pending ON ticket.credential_locks (next_attempt_time)
                WHERE lock_time IS NULL AND refuse_time IS NULL
                """,
            ]),
        Migration(
            version: 8, name: "what a member commented in the last 24 hours is found without a scan (its daily quota)",
            statements: [
                "CREATE INDEX events_by_actor_organisation ON ticket.events (actor_organisation, event_time)"
            ]),
        Migration(
            version: 9, name: "a retried call finds what its first attempt made (request_id)",
            statements: [
                """
                CREATE TABLE ticket.request_keys (
                    owner text NOT NULL,
                    request_id text NOT NULL,
                    method text NOT NULL,
                    resource_id text NOT NULL,
                    record_time timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (owner, request_id)
                )
                """
            ]),
        // RequestKeyRetention deletes the keys older than 30 days, oldest first.
        Migration(
            version: 10, name: "request ids are kept 30 days",
            statements: ["CREATE INDEX request_keys_by_record_time ON ticket.request_keys (record_time)"]),
        // The operator's working lists (open tickets, open and breached) walk the open tickets newest first, not
        // every ticket ever received until a page of open ones is found (TicketStore.list).
        Migration(
            version: 11, name: "open tickets listed newest first without the closed ones",
            statements: [
                """
                CREATE INDEX tickets_open_by_receipt ON ticket.tickets (receive_time DESC, ticket_id DESC)
                    WHERE state IN (1::smallint, 2::smallint, 3::smallint, 4::smallint)
                """
            ]),
    ]
}
