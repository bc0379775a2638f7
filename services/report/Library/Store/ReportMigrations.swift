import VDXPStore

/// The `report` schema: the journal cursor, one row per delivery (the facts later events need, and the times its
/// percentiles are taken from), the daily rollups per member and dimension, the monthly rollups per member, and
/// rejection reasons per member and day; and what Monitoring and Ticket give (connection history, SLA figures).
///
/// Days are Vietnam-time calendar days (`date`); business types, legal values and member kinds are the contract's
/// enum numbers in `smallint` columns (``SmallintProtoEnum``).
enum ReportMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "journal cursor, deliveries, daily figures, rejection reasons",
            statements: [
                """
                CREATE TABLE report.journal_cursor (
                    journal text PRIMARY KEY,
                    after_sequence bigint NOT NULL,
                    last_event_time timestamptz,
                    count_time timestamptz
                )
                """,
                """
                CREATE TABLE report.deliveries (
                    delivery_id text PRIMARY KEY,
                    document_id text NOT NULL,
                    sender text NOT NULL,
                    recipient text NOT NULL,
                    recipient_level1_unit text NOT NULL,
                    recipient_kind smallint NOT NULL,
                    day date NOT NULL,
                    priority smallint NOT NULL,
                    document_type text NOT NULL,
                    business_type smallint NOT NULL,
                    legal_value smallint NOT NULL,
                    accept_time timestamptz NOT NULL,
                    arrival_time timestamptz,
                    registration_time timestamptz,
                    processing_time timestamptz,
                    completion_time timestamptz,
                    rejection_time timestamptz,
                    pending_failure_time timestamptz,
                    retracted boolean NOT NULL DEFAULT false
                )
                """,
                "CREATE INDEX deliveries_by_recipient ON report.deliveries (recipient, day)",
                "CREATE INDEX deliveries_by_level1_unit ON report.deliveries (recipient_level1_unit, day)",
                "CREATE INDEX deliveries_by_day ON report.deliveries (day)",
                """
                CREATE TABLE report.daily_figures (
                    organisation_id text NOT NULL,
                    level1_unit text NOT NULL,
                    member_kind smallint NOT NULL,
                    day date NOT NULL,
                    priority smallint NOT NULL,
                    document_type text NOT NULL,
                    business_type smallint NOT NULL,
                    legal_value smallint NOT NULL,
                    documents_sent bigint NOT NULL DEFAULT 0,
                    documents_received bigint NOT NULL DEFAULT 0,
                    sent_on_time bigint NOT NULL DEFAULT 0,
                    sent_late bigint NOT NULL DEFAULT 0,
                    failed_deliveries bigint NOT NULL DEFAULT 0,
                    failures_handled_same_day bigint NOT NULL DEFAULT 0,
                    with_status_arrived bigint NOT NULL DEFAULT 0,
                    with_status_registered bigint NOT NULL DEFAULT 0,
                    with_status_processing bigint NOT NULL DEFAULT 0,
                    with_status_completed bigint NOT NULL DEFAULT 0,
                    rejected bigint NOT NULL DEFAULT 0,
                    retracted bigint NOT NULL DEFAULT 0,
                    revoked bigint NOT NULL DEFAULT 0,
                    updated bigint NOT NULL DEFAULT 0,
                    replaced bigint NOT NULL DEFAULT 0,
                    overdue bigint NOT NULL DEFAULT 0,
                    PRIMARY KEY (organisation_id, day, priority, document_type, business_type, legal_value)
                )
                """,
                "CREATE INDEX daily_figures_by_level1_unit ON report.daily_figures (level1_unit, day)",
                "CREATE INDEX daily_figures_by_day ON report.daily_figures (day)",
                """
                CREATE TABLE report.rejection_reasons (
                    organisation_id text NOT NULL,
                    level1_unit text NOT NULL,
                    member_kind smallint NOT NULL,
                    day date NOT NULL,
                    reason_key text NOT NULL,
                    reason text NOT NULL,
                    count bigint NOT NULL,
                    PRIMARY KEY (organisation_id, day, reason_key)
                )
                """,
                "CREATE INDEX rejection_reasons_by_level1_unit ON report.rejection_reasons (level1_unit, day)",
            ]),
        // The same counters per member and calendar month (Vietnam time) without document dimensions: what a
        // month-aligned request with no document filter reads (a quarter over every member: one row per member and
        // month instead of one per member, day and dimension).
        Migration(
            version: 2, name: "monthly figures",
            statements: [
                """
                CREATE TABLE report.monthly_figures (
                    organisation_id text NOT NULL,
                    level1_unit text NOT NULL,
                    member_kind smallint NOT NULL,
                    month date NOT NULL,
                    documents_sent bigint NOT NULL DEFAULT 0,
                    documents_received bigint NOT NULL DEFAULT 0,
                    sent_on_time bigint NOT NULL DEFAULT 0,
                    sent_late bigint NOT NULL DEFAULT 0,
                    failed_deliveries bigint NOT NULL DEFAULT 0,
                    failures_handled_same_day bigint NOT NULL DEFAULT 0,
                    with_status_arrived bigint NOT NULL DEFAULT 0,
                    with_status_registered bigint NOT NULL DEFAULT 0,
                    with_status_processing bigint NOT NULL DEFAULT 0,
                    with_status_completed bigint NOT NULL DEFAULT 0,
                    rejected bigint NOT NULL DEFAULT 0,
                    retracted bigint NOT NULL DEFAULT 0,
                    revoked bigint NOT NULL DEFAULT 0,
                    updated bigint NOT NULL DEFAULT 0,
                    replaced bigint NOT NULL DEFAULT 0,
                    overdue bigint NOT NULL DEFAULT 0,
                    PRIMARY KEY (organisation_id, month)
                )
                """,
                "CREATE INDEX monthly_figures_by_level1_unit ON report.monthly_figures (level1_unit, month)",
                "CREATE INDEX monthly_figures_by_month ON report.monthly_figures (month)",
                """
                INSERT INTO report.monthly_figures
                SELECT organisation_id, level1_unit, member_kind, date_trunc('month', day::timestamp)::date,
                    sum(documents_sent), sum(documents_received), sum(sent_on_time), sum(sent_late), sum(failed_deliveries), sum(failures_handled_same_day), sum(with_status_arrived), sum(with_status_registered), sum(with_status_processing), sum(with_status_completed), sum(rejected), sum(retracted), sum(revoked), sum(updated), sum(replaced), sum(overdue)
                FROM report.daily_figures GROUP BY 1, 2, 3, 4
                """,
            ]),
        // Overdue against the due date (QĐ 28 10.2.o), now that the journal carries it: each delivery keeps its
        // document's due day and whether it was counted overdue; the open copies with a due day are indexed by it,
        // so the sweep before each entry reads only the copies that just passed their due day.
        Migration(
            version: 3, name: "due day and overdue per delivery",
            statements: [
                """
                ALTER TABLE report.deliveries
                    ADD COLUMN due_day date,
                    ADD COLUMN overdue boolean NOT NULL DEFAULT false
                """,
                """
                CREATE INDEX deliveries_open_by_due_day ON report.deliveries (due_day)
                WHERE due_day IS NOT NULL AND NOT overdue AND completion_time IS NULL AND rejection_time IS NULL
                    AND NOT retracted
                """,
            ]),
        // The same counters per member, calendar month and document dimensions: what a month-aligned request with a
        // document filter (priority, type, business type, legal value) or a breakdown by a document dimension reads
        // (a quarter: one row per member, month and combination instead of one per day).
        Migration(
            version: 4, name: "monthly figures by document dimensions",
            statements: [
                """
                CREATE TABLE report.monthly_dimension_figures (
                    organisation_id text NOT NULL,
                    level1_unit text NOT NULL,
                    member_kind smallint NOT NULL,
                    month date NOT NULL,
                    priority smallint NOT NULL,
                    document_type text NOT NULL,
                    business_type smallint NOT NULL,
                    legal_value smallint NOT NULL,
                    documents_sent bigint NOT NULL DEFAULT 0,
                    documents_received bigint NOT NULL DEFAULT 0,
                    sent_on_time bigint NOT NULL DEFAULT 0,
                    sent_late bigint NOT NULL DEFAULT 0,
                    failed_deliveries bigint NOT NULL DEFAULT 0,
                    failures_handled_same_day bigint NOT NULL DEFAULT 0,
                    with_status_arrived bigint NOT NULL DEFAULT 0,
                    with_status_registered bigint NOT NULL DEFAULT 0,
                    with_status_processing bigint NOT NULL DEFAULT 0,
                    with_status_completed bigint NOT NULL DEFAULT 0,
                    rejected bigint NOT NULL DEFAULT 0,
                    retracted bigint NOT NULL DEFAULT 0,
                    revoked bigint NOT NULL DEFAULT 0,
                    updated bigint NOT NULL DEFAULT 0,
                    replaced bigint NOT NULL DEFAULT 0,
                    overdue bigint NOT NULL DEFAULT 0,
                    PRIMARY KEY (organisation_id, month, priority, document_type, business_type, legal_value)
                )
                """,
                """
                CREATE INDEX monthly_dimension_figures_by_level1_unit
                ON report.monthly_dimension_figures (level1_unit, month)
                """,
                "CREATE INDEX monthly_dimension_figures_by_month ON report.monthly_dimension_figures (month)",
                """
                INSERT INTO report.monthly_dimension_figures
                SELECT organisation_id, level1_unit, member_kind, date_trunc('month', day::timestamp)::date, priority,
                    document_type, business_type, legal_value,
                    sum(documents_sent), sum(documents_received), sum(sent_on_time), sum(sent_late), sum(failed_deliveries), sum(failures_handled_same_day), sum(with_status_arrived), sum(with_status_registered), sum(with_status_processing), sum(with_status_completed), sum(rejected), sum(retracted), sum(revoked), sum(updated), sum(replaced), sum(overdue)
                FROM report.daily_figures GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                """,
            ]),
        // What Report reads from Monitoring and Ticket through their gRPC APIs (``OperationSourcePoller``): every
        // connection change (uptime over any period is computed from them), each member's connection now, the
        // support desk's SLA figures per member, Vietnam month of receipt and ticket category, and where each pull
        // stands (`source_positions`: Monitoring's change time pulled through; Ticket's first month still refreshed,
        // the oldest with tickets open).
        Migration(
            version: 5, name: "connection history and SLA figures from Monitoring and Ticket",
            statements: [
                """
                CREATE TABLE report.connection_changes (
                    change_id bigint PRIMARY KEY,
                    organisation_id text NOT NULL,
                    level1_unit text NOT NULL,
                    member_kind smallint NOT NULL,
                    state smallint NOT NULL,
                    change_time timestamptz NOT NULL
                )
                """,
                """
                CREATE INDEX connection_changes_by_member
                ON report.connection_changes (organisation_id, change_time, change_id)
                """,
                """
                CREATE TABLE report.member_connections (
                    organisation_id text PRIMARY KEY,
                    level1_unit text NOT NULL,
                    member_kind smallint NOT NULL,
                    state smallint NOT NULL,
                    state_since timestamptz
                )
                """,
                """
                CREATE TABLE report.sla_figures (
                    organisation_id text NOT NULL,
                    level1_unit text NOT NULL,
                    member_kind smallint NOT NULL,
                    month date NOT NULL,
                    category smallint NOT NULL,
                    received bigint NOT NULL,
                    met bigint NOT NULL,
                    breached bigint NOT NULL,
                    open bigint NOT NULL,
                    PRIMARY KEY (organisation_id, month, category)
                )
                """,
                "CREATE INDEX sla_figures_by_month ON report.sla_figures (month)",
                """
                CREATE TABLE report.source_positions (
                    source text PRIMARY KEY,
                    position timestamptz NOT NULL,
                    refresh_time timestamptz NOT NULL
                )
                """,
            ]),
        // A copy revoked (Art. 15.3) or superseded or removed by a newer version (15.4) is no longer the recipient's to
        // handle: Exchange refuses any status on it, so it was counted overdue once its due day passed. The copies
        // projected before keep `disposed` false and version 1 until the figures are rebuilt from the journal
        // (`vdxp report rebuild`, docs/operations.md), which counts them as the projection now does.
        Migration(
            version: 6, name: "copies revoked, superseded or removed are not overdue",
            statements: [
                """
                ALTER TABLE report.deliveries
                    ADD COLUMN version integer NOT NULL DEFAULT 1,
                    ADD COLUMN disposed boolean NOT NULL DEFAULT false
                """,
                "CREATE INDEX deliveries_by_document ON report.deliveries (document_id)",
                "DROP INDEX report.deliveries_open_by_due_day",
                """
                CREATE INDEX deliveries_open_by_due_day ON report.deliveries (due_day)
                WHERE due_day IS NOT NULL AND NOT overdue AND completion_time IS NULL AND rejection_time IS NULL
                    AND NOT retracted AND NOT disposed
                """,
            ]),
        // The day by which a pending failure is handled in time (Art. 13.2), as Exchange journals it with the
        // failure (`DeliveryFailed.handle_by_date`): the calendar in force when the delivery failed decides, not the
        // one Report holds when the failure is handled or the figures are rebuilt. Additive and nullable: a failure
        // pending before it, or journalled without the day, is reckoned with Report's calendar as before.
        Migration(
            version: 7, name: "the handle-by day of a pending failure",
            statements: [
                "ALTER TABLE report.deliveries ADD COLUMN pending_failure_handle_by date"
            ]),
        // When the pull kept for each source began reading it (the database's clock), so that a replica whose pull
        // read earlier but committed later never overwrites a newer one (`OperationSourceStore.claim`). Nullable: a
        // position kept before it counts as older than any pull.
        Migration(
            version: 8, name: "when each source's kept pull began reading",
            statements: [
                "ALTER TABLE report.source_positions ADD COLUMN read_time timestamptz"
            ]),
        // Status 04 (assigned to a handler, Art. 14.3) is counted like 01, 03, 05 and 06: when each copy's first 04
        // arrived, and the copies with it per member and day, month, and month and dimensions. Additive: the figures
        // projected before count no 04 until they are rebuilt from the journal (`vdxp report rebuild`,
        // docs/operations.md).
        Migration(
            version: 9, name: "status 04 (assigned) counted",
            statements: [
                "ALTER TABLE report.deliveries ADD COLUMN assignment_time timestamptz",
                "ALTER TABLE report.daily_figures ADD COLUMN with_status_assigned bigint NOT NULL DEFAULT 0",
                "ALTER TABLE report.monthly_figures ADD COLUMN with_status_assigned bigint NOT NULL DEFAULT 0",
                """
                ALTER TABLE report.monthly_dimension_figures
                    ADD COLUMN with_status_assigned bigint NOT NULL DEFAULT 0
                """,
            ]),
    ]
}
