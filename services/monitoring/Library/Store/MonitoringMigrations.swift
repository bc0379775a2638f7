import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `monitoring` schema: members' connection state and its history, the journal cursor, alerts, the durable
/// notification outbox with every delivery attempt, the documents sent (whose sender a failed delivery alerts), the
/// operational statistics, the outbox of incident tickets and the services of Central's registry as last seen.
enum MonitoringMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "member connections, their history, the journal cursor",
            statements: [
                """
                CREATE TABLE monitoring.member_connections (
                    organisation_id text PRIMARY KEY,
                    state smallint NOT NULL,
                    state_since timestamptz NOT NULL,
                    expected_since timestamptz,
                    last_activity_time timestamptz,
                    last_heartbeat_time timestamptz,
                    system text NOT NULL DEFAULT ''
                )
                """,
                """
                CREATE TABLE monitoring.connection_changes (
                    change_id bigserial PRIMARY KEY,
                    organisation_id text NOT NULL,
                    previous_state smallint NOT NULL,
                    state smallint NOT NULL,
                    change_time timestamptz NOT NULL,
                    reason text NOT NULL
                )
                """,
                "CREATE INDEX connection_changes_by_member ON monitoring.connection_changes (organisation_id, change_id)",
                """
                CREATE TABLE monitoring.journal_cursor (
                    journal text PRIMARY KEY,
                    after_sequence bigint NOT NULL
                )
                """,
            ]),
        Migration(
            version: 2, name: "alerts, the notification outbox and its delivery attempts",
            statements: [
                """
                CREATE TABLE monitoring.alerts (
                    alert_id bigserial PRIMARY KEY,
                    kind smallint NOT NULL,
                    severity smallint NOT NULL,
                    organisation_id text NOT NULL DEFAULT '',
                    component text NOT NULL DEFAULT '',
                    service_id bigint NOT NULL DEFAULT 0,
                    document_id text NOT NULL DEFAULT '',
                    recipient_organisation_id text NOT NULL DEFAULT '',
                    summary text NOT NULL,
                    detail text NOT NULL,
                    raise_time timestamptz NOT NULL,
                    acknowledge_time timestamptz,
                    acknowledged_by text NOT NULL DEFAULT '',
                    notify_due timestamptz,
                    resolve_time timestamptz
                )
                """,
                "CREATE INDEX alerts_by_member ON monitoring.alerts (organisation_id, alert_id)",
                "CREATE INDEX alerts_notify_due ON monitoring.alerts (notify_due) WHERE notify_due IS NOT NULL",
                """
                CREATE TABLE monitoring.notifications (
                    notification_id bigserial PRIMARY KEY,
                    delivery_key uuid NOT NULL UNIQUE,
                    alert_id bigint REFERENCES monitoring.alerts (alert_id),
                    organisation_id text NOT NULL DEFAULT '',
                    channel smallint NOT NULL,
                    address text NOT NULL,
                    subject text NOT NULL,
                    body text NOT NULL,
                    state smallint NOT NULL,
                    attempt_count integer NOT NULL DEFAULT 0,
                    create_time timestamptz NOT NULL,
                    next_attempt_time timestamptz,
                    give_up_time timestamptz NOT NULL,
                    finish_time timestamptz,
                    source text
                )
                """,
                "CREATE UNIQUE INDEX notifications_source ON monitoring.notifications (source) WHERE source IS NOT NULL",
                "CREATE INDEX notifications_by_alert ON monitoring.notifications (alert_id, notification_id)",
                """
                CREATE INDEX notifications_pending ON monitoring.notifications (next_attempt_time)
                WHERE state = 1
                """,
                """
                CREATE TABLE monitoring.notification_attempts (
                    notification_id bigint NOT NULL REFERENCES monitoring.notifications (notification_id),
                    attempt integer NOT NULL,
                    attempt_time timestamptz NOT NULL,
                    accepted boolean NOT NULL,
                    outcome text NOT NULL,
                    PRIMARY KEY (notification_id, attempt)
                )
                """,
            ]),
        Migration(
            version: 3, name: "platform components and their incidents",
            statements: [
                """
                CREATE TABLE monitoring.components (
                    name text PRIMARY KEY,
                    target text NOT NULL,
                    state smallint NOT NULL,
                    state_since timestamptz NOT NULL,
                    last_probe_time timestamptz NOT NULL,
                    detail text NOT NULL DEFAULT '',
                    failures_in_a_row integer NOT NULL DEFAULT 0,
                    open_incident_id bigint
                )
                """,
                """
                CREATE TABLE monitoring.incidents (
                    incident_id bigserial PRIMARY KEY,
                    component text NOT NULL,
                    open_time timestamptz NOT NULL,
                    close_time timestamptz,
                    description text NOT NULL,
                    ticket_id text NOT NULL DEFAULT ''
                )
                """,
                "CREATE INDEX incidents_open ON monitoring.incidents (incident_id) WHERE close_time IS NULL",
            ]),
        Migration(
            version: 4, name: "alerts submitted by other services: reference, idempotency key, audience, channels",
            statements: [
                """
                ALTER TABLE monitoring.alerts
                    ADD COLUMN reference text NOT NULL DEFAULT '',
                    ADD COLUMN submitted_by text NOT NULL DEFAULT '',
                    ADD COLUMN submit_key text,
                    ADD COLUMN operators_only boolean NOT NULL DEFAULT false,
                    ADD COLUMN channels smallint[] NOT NULL DEFAULT '{1,2}'
                """,
                """
                CREATE UNIQUE INDEX alerts_by_submit_key ON monitoring.alerts (submitted_by, submit_key)
                WHERE submit_key IS NOT NULL
                """,
            ]),
        Migration(
            version: 5, name: "the documents sent (whose sender a failed delivery alerts), one alert per journal entry",
            statements: [
                """
                CREATE TABLE monitoring.documents (
                    document_id text PRIMARY KEY,
                    sender_organisation_id text NOT NULL,
                    subject text NOT NULL,
                    send_time timestamptz NOT NULL
                )
                """,
                "ALTER TABLE monitoring.alerts ADD COLUMN journal_sequence bigint",
                """
                CREATE UNIQUE INDEX alerts_by_journal_sequence ON monitoring.alerts (journal_sequence)
                WHERE journal_sequence IS NOT NULL
                """,
            ]),
        Migration(
            version: 6, name: "operational statistics: deliveries' times, per-minute counts and latencies, totals",
            statements: [
                """
                CREATE TABLE monitoring.deliveries (
                    delivery_id text PRIMARY KEY,
                    document_id text NOT NULL,
                    recipient_organisation_id text NOT NULL,
                    send_time timestamptz NOT NULL,
                    acknowledge_time timestamptz
                )
                """,
                """
                CREATE TABLE monitoring.operation_minutes (
                    minute timestamptz NOT NULL,
                    organisation_id text NOT NULL,
                    operation text NOT NULL,
                    count bigint NOT NULL,
                    failure_count bigint NOT NULL,
                    latency_counts bigint[] NOT NULL,
                    PRIMARY KEY (organisation_id, minute, operation)
                )
                """,
                "CREATE INDEX operation_minutes_by_minute ON monitoring.operation_minutes (minute)",
                """
                CREATE TABLE monitoring.operation_totals (
                    organisation_id text NOT NULL,
                    operation text NOT NULL,
                    count bigint NOT NULL,
                    failure_count bigint NOT NULL,
                    PRIMARY KEY (organisation_id, operation)
                )
                """,
            ]),
        Migration(
            version: 7, name: "the outbox of incident tickets, opened in Ticket with retries",
            statements: [
                """
                CREATE TABLE monitoring.incident_tickets (
                    incident_id bigint PRIMARY KEY REFERENCES monitoring.incidents (incident_id),
                    organisation_id text NOT NULL,
                    subject text NOT NULL,
                    description text NOT NULL,
                    create_time timestamptz NOT NULL,
                    attempt_count integer NOT NULL DEFAULT 0,
                    next_attempt_time timestamptz NOT NULL,
                    last_error text NOT NULL DEFAULT '',
                    ticket_id text NOT NULL DEFAULT ''
                )
                """,
                """
                CREATE INDEX incident_tickets_pending ON monitoring.incident_tickets (next_attempt_time)
                WHERE ticket_id = ''
                """,
            ]),
        Migration(
            version: 8,
            name: "registry services as last seen, alerts keyed by their source, Central's notices in the inbox",
            statements: [
                """
                CREATE TABLE monitoring.registry_services (
                    service_id bigint PRIMARY KEY,
                    provider_organisation_id text NOT NULL,
                    code text NOT NULL,
                    display_name text NOT NULL,
                    audience smallint NOT NULL,
                    consumer_organisation_ids text[] NOT NULL,
                    version bigint NOT NULL,
                    active boolean NOT NULL
                )
                """,
                """
                CREATE TABLE monitoring.registry_follow (
                    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                    configuration_version bigint NOT NULL
                )
                """,
                "ALTER TABLE monitoring.alerts ADD COLUMN source_key text",
                "CREATE UNIQUE INDEX alerts_by_source_key ON monitoring.alerts (source_key) WHERE source_key IS NOT NULL",
                "ALTER TABLE monitoring.alerts ADD COLUMN notice_key text",
                "ALTER TABLE monitoring.alerts ADD COLUMN notice_time timestamptz",
                """
                CREATE INDEX alerts_by_notice_key ON monitoring.alerts (notice_key, alert_id)
                WHERE notice_key IS NOT NULL
                """,
            ]),
        Migration(
            version: 9,
            name: "the journal cursor's times, as Report's and Search's cursors keep them",
            statements: [
                "ALTER TABLE monitoring.journal_cursor ADD COLUMN last_event_time timestamptz",
                "ALTER TABLE monitoring.journal_cursor ADD COLUMN apply_time timestamptz",
            ]),
        Migration(
            version: 10,
            name: "the alerts of a kind raised in a window, and the connection changes of a period, found by index",
            statements: [
                // The Art. 9.2 watch looks for CONNECTION_LOST alerts of the last hours every 15 s; Report pulls the
                // changes of a period every few minutes. Both tables only grow.
                "CREATE INDEX alerts_by_kind_and_raise_time ON monitoring.alerts (kind, raise_time)",
                "CREATE INDEX connection_changes_by_time ON monitoring.connection_changes (change_time)",
            ]),
        Migration(
            version: 11,
            name: "the components' probe round, taken by one replica at a time",
            statements: [
                // Every replica runs the prober; the one that takes the round (its time at least 0.9 probe intervals
                // after the last, by the database's clock) probes, so a component is probed once an interval and
                // "N failed probes in a row" means N intervals, not N / replicas.
                """
                CREATE TABLE monitoring.probe_rounds (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    last_round_time timestamptz NOT NULL
                )
                """
            ]),
        Migration(
            version: 12,
            name: "until when some replica followed Exchange's journal",
            statements: [
                // Every replica that follows the journal writes its time here each evaluation round; a replica that
                // starts is blind from the time written last, not from its own start, so a time in which no replica
                // ran is never counted as members' silence (``JournalWatchStore``).
                """
                CREATE TABLE monitoring.journal_watch (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    watched_until timestamptz NOT NULL
                )
                """
            ]),
        Migration(
            version: 13,
            name: "when each connection change was recorded, which readers of the history follow",
            statements: [
                // A change is often recorded long after its change_time (a catch-up on the journal dates a member's
                // return from its activity hours ago): Report follows record_time, not change_time. Rows recorded
                // before take this migration's time (now() is evaluated once: no table rewrite).
                "ALTER TABLE monitoring.connection_changes ADD COLUMN record_time timestamptz NOT NULL DEFAULT now()",
                """
                CREATE INDEX connection_changes_by_record_time
                    ON monitoring.connection_changes (record_time, change_id)
                """,
            ]),
        Migration(
            version: 14,
            name: "a broadcast to every member waits behind the messages to one member or the operators",
            statements: [
                // A maintenance announcement to 10,000 members is 20,000 messages due at once: taken in order of due
                // time, a lost connection's notice enqueued a second later (Art. 9.2: within 30 minutes) would wait
                // behind all of them. The dispatcher takes the others first (NotificationStore.claim).
                "ALTER TABLE monitoring.notifications ADD COLUMN bulk boolean NOT NULL DEFAULT false",
                """
                CREATE INDEX notifications_pending_by_lane
                    ON monitoring.notifications (bulk, next_attempt_time, notification_id) WHERE state = 1
                """,
                "DROP INDEX monitoring.notifications_pending",
            ]),
        Migration(
            version: 15,
            name: "alerts and their notifications are deleted after VDXP_MONITORING_ALERT_RETENTION_DAYS",
            statements: [
                // AlertRetention takes the oldest alerts first, and a notification without an alert by its age.
                "CREATE INDEX alerts_by_raise_time ON monitoring.alerts (raise_time)",
                """
                CREATE INDEX notifications_without_alert ON monitoring.notifications (create_time)
                    WHERE alert_id IS NULL
                """,
            ]),
        // The members' contacts as last read from Central, for the alerts sent while Central itself is down
        // (MemberContactStore).
        Migration(
            version: 16, name: "members' contacts as last read from Central",
            statements: [
                """
                CREATE TABLE monitoring.member_contacts (
                    organisation_id text PRIMARY KEY,
                    email text NOT NULL,
                    phone text NOT NULL,
                    read_time timestamptz NOT NULL
                )
                """
            ]),
        Migration(
            version: 17, name: "a member's alert page and a broadcast's notifications read by index",
            statements: [
                // A member's page reads the platform-wide alerts it is shown backwards from its cursor
                // (AlertStore.pageQuery), not every platform-wide alert for the operators only as well.
                """
                CREATE INDEX alerts_platform_wide ON monitoring.alerts (alert_id)
                    WHERE organisation_id = '' AND NOT operators_only
                """,
                // A broadcast's alert has a notification per member and channel: one member's are found by both.
                "CREATE INDEX notifications_by_alert_and_member ON monitoring.notifications (alert_id, organisation_id)",
            ]),
        // SentRecordRetention takes the oldest rows of each table first, and keeps a document while one of its
        // deliveries was sent or retried within retention (found by its document id). Built concurrently: both
        // tables take a row per document and delivery, and the journal follower writes to them meanwhile.
        Migration(
            version: 18,
            name: "documents sent and deliveries' times deleted after VDXP_MONITORING_DOCUMENT_RETENTION_DAYS",
            concurrentIndexes: [
                .init("documents_by_send_time", "ON monitoring.documents (send_time)"),
                .init("deliveries_by_send_time", "ON monitoring.deliveries (send_time)"),
                .init("deliveries_by_document", "ON monitoring.deliveries (document_id, send_time)"),
            ]),
        // GetOperationalStatistics summed every minute row of its window: 1.7 s + 4.3 s for the platform's 31 days.
        // It reads the whole hours from this rollup (the sums of their minutes, written in the same transaction:
        // OperationStatisticsStore.add), the edges from the minutes. A new table: built with its indexes in the
        // transaction, then filled from the minutes already kept (at most 32 days), hours since the Unix epoch as the
        // store computes them.
        Migration(
            version: 19, name: "operational statistics per hour, the sums of their minutes",
            statements: [
                """
                CREATE TABLE monitoring.operation_hours (
                    hour timestamptz NOT NULL,
                    organisation_id text NOT NULL,
                    operation text NOT NULL,
                    count bigint NOT NULL,
                    failure_count bigint NOT NULL,
                    latency_counts bigint[] NOT NULL,
                    PRIMARY KEY (organisation_id, hour, operation)
                )
                """,
                "CREATE INDEX operation_hours_by_hour ON monitoring.operation_hours (hour)",
                // The 19 latency buckets of this version (LatencyHistogram: all the statistics read) summed position
                // by position, a shorter array counting 0 where it has none: 5 s for 4.6 M minutes, where unnesting
                // them took 50 s.
                """
                INSERT INTO monitoring.operation_hours
                    (hour, organisation_id, operation, count, failure_count, latency_counts)
                SELECT date_bin('1 hour', minute, timestamptz '1970-01-01 00:00:00+00'), organisation_id, operation,
                       sum(count)::bigint, sum(failure_count)::bigint,
                       ARRAY[\((1...19).map { "sum(COALESCE(latency_counts[\($0)], 0))" }.joined(separator: ", "))]::bigint[]
                FROM monitoring.operation_minutes
                GROUP BY 1, 2, 3
                """,
            ]),
    ]
}
