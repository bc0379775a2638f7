import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Alerts (`monitoring.alerts`): raised inside the transaction of the change they report, read as members' inboxes
/// and the operator's list, acknowledged by the operator. An alert whose `notify_due` has come is picked up by
/// ``AlertNotifier``, which enqueues its e-mails and SMS.
struct AlertStore: Sendable {
    let database: Database
    let logger: Logger

    private static let columns = """
        alert_id, kind, severity, organisation_id, component, service_id, document_id, recipient_organisation_id,
        summary, detail, raise_time, acknowledge_time, acknowledged_by, reference
        """

    private typealias Columns = (
        Int64, Vdxp_Monitoring_V1_AlertKind, Vdxp_Monitoring_V1_Severity, String, String, Int64, String, String,
        String, String, Date, Date?, String, String
    )

    private func alerts(_ query: PostgresQuery, on connection: PostgresConnection?) async throws
        -> [Vdxp_Monitoring_V1_Alert]
    {
        var alerts: [Vdxp_Monitoring_V1_Alert] = []
        for try await row in try await database.query(query, on: connection, logger: logger).decode(Columns.self) {
            alerts.append(
                .with {
                    $0.alertID = row.0
                    $0.kind = row.1
                    $0.severity = row.2
                    $0.organisationID = row.3
                    $0.component = row.4
                    $0.serviceID = row.5
                    $0.documentID = row.6
                    $0.recipientOrganisationID = row.7
                    $0.summary = row.8
                    $0.detail = row.9
                    $0.raiseTime = .init(date: row.10)
                    if let acknowledged = row.11 { $0.acknowledgeTime = .init(date: acknowledged) }
                    $0.acknowledgedBy = row.12
                    $0.reference = row.13
                })
        }
        return alerts
    }

    /// The columns an alert is inserted with, in the order ``bind(_:raisedAt:to:)`` binds them.
    private static let insertColumns = """
        kind, severity, organisation_id, component, service_id, document_id, recipient_organisation_id, summary, \
        detail, raise_time, notify_due, reference, submitted_by, submit_key, operators_only, channels, \
        journal_sequence, source_key, notice_key, notice_time
        """

    /// Adds `alert`, raised at `now`, as a row of ``insertColumns`` to `rows`.
    private static func bind(_ alert: NewAlert, raisedAt now: Date, to rows: inout ValuesRows) throws {
        rows.startRow()
        try rows.bind(alert.kind)
        try rows.bind(alert.severity)
        rows.bind(alert.organisationID)
        rows.bind(alert.component)
        rows.bind(alert.serviceID)
        rows.bind(alert.documentID)
        rows.bind(alert.recipientOrganisationID)
        rows.bind(alert.summary)
        rows.bind(alert.detail)
        rows.bind(now)
        rows.bind(alert.notifyDue)
        rows.bind(alert.reference)
        rows.bind(alert.submittedBy)
        rows.bind(alert.submitKey)
        rows.bind(alert.operatorsOnly)
        rows.bind(alert.channels.map { Int16($0.rawValue) })
        rows.bind(alert.journalSequence)
        rows.bind(alert.sourceKey)
        rows.bind(alert.noticeKey)
        rows.bind(alert.noticeTime)
    }

    /// Raises `alert` at `now` inside the caller's transaction and returns its id; `WatchAlerts` streams hear of it
    /// at commit. An alert from a journal entry that raised one already, or whose `sourceKey` an alert has already,
    /// is not raised again: the answer is 0.
    ///
    /// Alert ids follow the order in which the alerts commit, on every replica: the transaction takes the alerts'
    /// lock before it takes an id and keeps it until it ends. `WatchAlerts` streams the alerts after the last id a
    /// caller received; were a later id to commit before an earlier one, the stream would pass the earlier one by
    /// and never send it. Raising transactions are short (a journal batch, a sweep round), and alerts are rare.
    @discardableResult
    func raise(_ alert: NewAlert, at now: Date, on connection: PostgresConnection) async throws -> Int64 {
        try await database.query(
            "SELECT pg_advisory_xact_lock(hashtext('monitoring.alerts'))", on: connection, logger: logger)
        let onConflict =
            alert.journalSequence != nil
            ? "ON CONFLICT (journal_sequence) WHERE journal_sequence IS NOT NULL DO NOTHING"
            : "ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING"
        var row = ValuesRows()
        try Self.bind(alert, raisedAt: now, to: &row)
        var id: Int64 = 0
        for try await value in try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO monitoring.alerts (\(Self.insertColumns)) VALUES \(row.sql)
                    \(onConflict)
                    RETURNING alert_id
                    """, binds: row.binds), on: connection, logger: logger
        ).decode(Int64.self) {
            id = value
        }
        if id != 0 {
            try await MonitoringNotify.notify(
                MonitoringNotify.alerts, payload: MonitoringNotify.alertPayload(for: [alert.organisationID]),
                on: connection, of: database, logger: logger)
        }
        return id
    }

    /// Raises `alerts`, each with a `sourceKey` (one already raised under its key is skipped), inside the caller's
    /// transaction, 500 rows a statement, and wakes `WatchAlerts` once at commit; returns how many were raised. For one
    /// change told to many members: a provider's service to each of its thousands of consumers (Art. 19.1), which one
    /// statement each kept the alerts' lock, and every other raise, waiting for seconds.
    @discardableResult
    func raise(keyed alerts: [NewAlert], at now: Date, on connection: PostgresConnection) async throws -> Int {
        precondition(alerts.allSatisfy { $0.sourceKey != nil && $0.journalSequence == nil }, "keyed alerts only")
        guard !alerts.isEmpty else { return 0 }
        try await database.query(
            "SELECT pg_advisory_xact_lock(hashtext('monitoring.alerts'))", on: connection, logger: logger)
        var raised = 0
        for start in stride(from: 0, to: alerts.count, by: 500) {
            var rows = ValuesRows()
            for alert in alerts[start..<min(start + 500, alerts.count)] {
                try Self.bind(alert, raisedAt: now, to: &rows)
            }
            let inserted = try await database.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO monitoring.alerts (\(Self.insertColumns)) VALUES \(rows.sql)
                        ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING
                        RETURNING alert_id
                        """, binds: rows.binds), on: connection, logger: logger
            ).collect()
            raised += inserted.count
        }
        if raised > 0 {
            try await MonitoringNotify.notify(
                MonitoringNotify.alerts, payload: MonitoringNotify.alertPayload(for: Set(alerts.map(\.organisationID))),
                on: connection, of: database, logger: logger)
        }
        return raised
    }

    /// Ends the member's open lost-connection alerts at `now`: no more repeats of their notices, and their notices
    /// still PENDING are CANCELLED (a "connection lost" e-mail must not arrive after the "restored" one).
    func resolveLostConnection(of organisationID: String, at now: Date, on connection: PostgresConnection)
        async throws
    {
        try await database.query(
            """
            WITH resolved AS (
                UPDATE monitoring.alerts SET notify_due = NULL, resolve_time = \(now)
                WHERE organisation_id = \(organisationID)
                  AND kind = \(Vdxp_Monitoring_V1_AlertKind.connectionLost) AND resolve_time IS NULL
                RETURNING alert_id)
            UPDATE monitoring.notifications
            SET state = \(Vdxp_Monitoring_V1_NotificationState.cancelled), next_attempt_time = NULL,
                finish_time = \(now)
            WHERE alert_id IN (SELECT alert_id FROM resolved)
              AND state = \(Vdxp_Monitoring_V1_NotificationState.pending)
            """, on: connection, logger: logger)
    }

    /// Ends the COMPONENT_DOWN alert of incident `incident` at `now` (``ComponentTexts/downKey(of:)``): a notice still
    /// waiting for ``OutageNotice/after`` is never sent. Answers whether members were told of it — whether any e-mail
    /// or SMS of it was enqueued — so that its recovery is sent to those who heard of the outage, and to nobody who
    /// did not. The alert is locked first, in a statement of its own: a replica claiming its notice at this moment
    /// has either committed its notifications before the second statement looks, or never will.
    func endComponentDown(incident: Int64, at now: Date, on connection: PostgresConnection) async throws -> Bool {
        let key = ComponentTexts.downKey(of: incident)
        var alertID: Int64?
        for try await id in try await database.query(
            "SELECT alert_id FROM monitoring.alerts WHERE source_key = \(key) FOR UPDATE", on: connection,
            logger: logger
        ).decode(Int64.self) {
            alertID = id
        }
        guard let alertID else { return false }
        for try await told in try await database.query(
            """
            WITH ended AS (
                UPDATE monitoring.alerts SET notify_due = NULL, resolve_time = \(now) WHERE alert_id = \(alertID))
            SELECT EXISTS (SELECT 1 FROM monitoring.notifications WHERE alert_id = \(alertID))
            """, on: connection, logger: logger
        ).decode(Bool.self) {
            return told
        }
        return false
    }

    /// Deletes at most `limit` alerts raised before `cutoff` that nothing uses any more — no notice due (a lost
    /// connection's repeats end when it is restored), no notification PENDING — with their notifications and every
    /// attempt of them, oldest first, in one transaction; returns how many alerts. Rows another replica holds are
    /// skipped (SKIP LOCKED): it deletes them itself, or the next round does.
    func deleteEnded(raisedBefore cutoff: Date, limit: Int) async throws -> Int {
        try await database.transaction(logger: logger) { connection in
            var ids: [Int64] = []
            for try await id in try await database.query(
                """
                SELECT a.alert_id FROM monitoring.alerts a
                WHERE a.raise_time < \(cutoff) AND a.notify_due IS NULL
                  AND NOT EXISTS (
                      SELECT 1 FROM monitoring.notifications n
                      WHERE n.alert_id = a.alert_id
                        AND n.state = \(Vdxp_Monitoring_V1_NotificationState.pending))
                ORDER BY a.raise_time LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, on: connection, logger: logger
            ).decode(Int64.self) {
                ids.append(id)
            }
            guard !ids.isEmpty else { return 0 }
            try await database.query(
                """
                DELETE FROM monitoring.notification_attempts t USING monitoring.notifications n
                WHERE t.notification_id = n.notification_id AND n.alert_id = ANY(\(ids))
                """, on: connection, logger: logger)
            try await database.query(
                "DELETE FROM monitoring.notifications WHERE alert_id = ANY(\(ids))", on: connection, logger: logger)
            try await database.query(
                "DELETE FROM monitoring.alerts WHERE alert_id = ANY(\(ids))", on: connection, logger: logger)
            return ids.count
        }
    }

    /// Deletes the notifications without an alert created before `cutoff` that are no longer PENDING, with their
    /// attempts; returns how many.
    func deleteNotificationsWithoutAlert(createdBefore cutoff: Date) async throws -> Int {
        try await database.transaction(logger: logger) { connection in
            var ids: [Int64] = []
            for try await id in try await database.query(
                """
                SELECT notification_id FROM monitoring.notifications
                WHERE alert_id IS NULL AND create_time < \(cutoff)
                  AND state <> \(Vdxp_Monitoring_V1_NotificationState.pending)
                FOR UPDATE SKIP LOCKED
                """, on: connection, logger: logger
            ).decode(Int64.self) {
                ids.append(id)
            }
            guard !ids.isEmpty else { return 0 }
            try await database.query(
                "DELETE FROM monitoring.notification_attempts WHERE notification_id = ANY(\(ids))",
                on: connection, logger: logger)
            try await database.query(
                "DELETE FROM monitoring.notifications WHERE notification_id = ANY(\(ids))", on: connection,
                logger: logger)
            return ids.count
        }
    }

    /// The CONNECTION_LOST alerts raised between `horizon` and `bound` before `now` whose member was not told in time:
    /// within `bound` of the raise, no e-mail or no SMS of the alert was accepted (SENT). Left out: alerts whose
    /// connection came back within `bound`, and those already reported (a NOTIFICATION_LATE alert with the key
    /// ``lateKey(of:)``).
    func lostConnectionsNotToldInTime(bound: Duration, horizon: Duration, at now: Date) async throws
        -> [LateLostConnection]
    {
        let seconds = Double(bound.components.seconds)
        let inTime = """
            SELECT 1 FROM monitoring.notifications n
            WHERE n.alert_id = a.alert_id AND n.state = \(Vdxp_Monitoring_V1_NotificationState.sent.rawValue)
              AND n.finish_time <= a.raise_time + make_interval(secs => \(seconds))
            """
        var late: [LateLostConnection] = []
        for try await row in try await database.query(
            """
            SELECT a.alert_id, a.organisation_id, a.raise_time,
                   EXISTS (\(unescaped: inTime) AND n.channel = \(Vdxp_Monitoring_V1_Channel.email)),
                   EXISTS (\(unescaped: inTime) AND n.channel = \(Vdxp_Monitoring_V1_Channel.sms))
            FROM monitoring.alerts a
            WHERE a.kind = \(Vdxp_Monitoring_V1_AlertKind.connectionLost)
              AND a.raise_time <= \(now.addingTimeInterval(-seconds))
              AND a.raise_time > \(now.addingTimeInterval(-Double(horizon.components.seconds)))
              AND (a.resolve_time IS NULL OR a.resolve_time > a.raise_time + make_interval(secs => \(seconds)))
              AND NOT EXISTS (
                  SELECT 1 FROM monitoring.alerts l WHERE l.source_key = 'notification-late/' || a.alert_id)
            ORDER BY a.alert_id
            """, on: nil, logger: logger
        ).decode((Int64, String, Date, Bool, Bool).self) where !(row.3 && row.4) {
            late.append(
                LateLostConnection(
                    alertID: row.0, organisationID: row.1, raiseTime: row.2, emailSent: row.3, smsSent: row.4))
        }
        return late
    }

    /// The source key of the NOTIFICATION_LATE alert about CONNECTION_LOST alert `alertID`.
    static func lateKey(of alertID: Int64) -> String { "notification-late/\(alertID)" }

    /// The newest alert relayed from a Central notice of `noticeKey` recorded within a minute of `time` that has no
    /// notification on `channel` yet (the alert the e-mail row of a notice raised, which its SMS row joins), locked
    /// for the caller's transaction.
    func relayedNotice(
        _ noticeKey: String, near time: Date, lacking channel: Vdxp_Monitoring_V1_Channel,
        on connection: PostgresConnection
    ) async throws -> Int64? {
        let (earliest, latest) = (time.addingTimeInterval(-60), time.addingTimeInterval(60))
        for try await id in try await database.query(
            """
            SELECT a.alert_id FROM monitoring.alerts a
            WHERE a.notice_key = \(noticeKey) AND a.notice_time BETWEEN \(earliest) AND \(latest)
              AND NOT EXISTS (SELECT 1 FROM monitoring.notifications n
                              WHERE n.alert_id = a.alert_id AND n.channel = \(channel))
            ORDER BY a.alert_id DESC LIMIT 1 FOR UPDATE
            """, on: connection, logger: logger
        ).decode(Int64.self) {
            return id
        }
        return nil
    }

    /// Alerts `audience` may see with ids below `before`, newest first.
    func alerts(
        visibleTo audience: AlertAudience, unacknowledgedOnly: Bool, before: Int64, limit: Int
    ) async throws -> [Vdxp_Monitoring_V1_Alert] {
        try await alerts(
            Self.pageQuery(visibleTo: audience, unacknowledgedOnly: unacknowledgedOnly, before: before, limit: limit),
            on: nil)
    }

    /// The statement of ``alerts(visibleTo:unacknowledgedOnly:before:limit:)``. A member's page is the newest of two
    /// pages, each read backwards from `before` through its own index: the member's alerts (`alerts_by_member`) and
    /// the platform-wide ones it is shown (`alerts_platform_wide`). One query with an OR of the two would walk the
    /// whole table backwards from `before`, filtering out every other member's alerts — the most for the members with
    /// the fewest alerts.
    static func pageQuery(
        visibleTo audience: AlertAudience, unacknowledgedOnly: Bool, before: Int64, limit: Int
    ) -> PostgresQuery {
        let unacknowledged = unacknowledgedOnly ? "AND acknowledge_time IS NULL" : ""
        switch audience {
        case .everyone:
            return """
                SELECT \(unescaped: columns) FROM monitoring.alerts
                WHERE alert_id < \(before) \(unescaped: unacknowledged)
                ORDER BY alert_id DESC LIMIT \(limit)
                """
        case .onlyMember(let member):
            return """
                SELECT \(unescaped: columns) FROM monitoring.alerts
                WHERE organisation_id = \(member) AND alert_id < \(before) \(unescaped: unacknowledged)
                ORDER BY alert_id DESC LIMIT \(limit)
                """
        case .member(let member):
            return """
                SELECT * FROM (
                    (SELECT \(unescaped: columns) FROM monitoring.alerts
                     WHERE organisation_id = \(member) AND NOT operators_only AND alert_id < \(before)
                       \(unescaped: unacknowledged)
                     ORDER BY alert_id DESC LIMIT \(limit))
                    UNION ALL
                    (SELECT \(unescaped: columns) FROM monitoring.alerts
                     WHERE organisation_id = '' AND NOT operators_only AND alert_id < \(before)
                       \(unescaped: unacknowledged)
                     ORDER BY alert_id DESC LIMIT \(limit))
                ) AS visible
                ORDER BY alert_id DESC LIMIT \(limit)
                """
        }
    }

    /// Alerts `audience` may see with ids above `after`, oldest first (the catch-up of `WatchAlerts`).
    func alerts(visibleTo audience: AlertAudience, after: Int64, limit: Int) async throws
        -> [Vdxp_Monitoring_V1_Alert]
    {
        let (everyone, member, platformWide) = audience.filter
        return try await alerts(
            """
            SELECT \(unescaped: Self.columns) FROM monitoring.alerts
            WHERE (\(everyone) OR (organisation_id = \(member) AND NOT (\(platformWide) AND operators_only))
                   OR (\(platformWide) AND organisation_id = '' AND NOT operators_only))
              AND alert_id > \(after)
            ORDER BY alert_id LIMIT \(limit)
            """, on: nil)
    }

    /// The id of the newest alert (0: none yet).
    func latestID() async throws -> Int64 {
        for try await value in try await database.query(
            "SELECT COALESCE(max(alert_id), 0) FROM monitoring.alerts", on: nil, logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// One alert.
    func alert(_ alertID: Int64, on connection: PostgresConnection? = nil) async throws -> Vdxp_Monitoring_V1_Alert? {
        try await alerts(
            "SELECT \(unescaped: Self.columns) FROM monitoring.alerts WHERE alert_id = \(alertID)", on: connection
        ).first
    }

    /// Records the operator's acknowledgement unless there is one already; returns the alert as it is now.
    func acknowledge(_ alertID: Int64, by who: String, at now: Date) async throws -> Vdxp_Monitoring_V1_Alert? {
        try await database.transaction(logger: logger) { connection in
            try await database.query(
                """
                UPDATE monitoring.alerts SET acknowledge_time = \(now), acknowledged_by = \(who)
                WHERE alert_id = \(alertID) AND acknowledge_time IS NULL
                """, on: connection, logger: logger)
            return try await alert(alertID, on: connection)
        }
    }

    /// Alerts whose contacts are due to be notified at `now`: the operator group's first (they need nothing from
    /// Central, so members' alerts waiting for their contacts never hold them back), then oldest first.
    func due(at now: Date, limit: Int) async throws -> [DueAlert] {
        try await dueAlerts(
            """
            SELECT alert_id, kind, organisation_id, summary, detail, channels, operators_only FROM monitoring.alerts
            WHERE notify_due <= \(now) ORDER BY operators_only DESC, notify_due, alert_id LIMIT \(limit)
            """, on: nil)
    }

    /// Locks alert `alertID` for the caller's transaction if it is still due at `now` and no other replica holds
    /// it; nil otherwise.
    func claimDue(_ alertID: Int64, at now: Date, on connection: PostgresConnection) async throws -> DueAlert? {
        try await dueAlerts(
            """
            SELECT alert_id, kind, organisation_id, summary, detail, channels, operators_only FROM monitoring.alerts
            WHERE alert_id = \(alertID) AND notify_due <= \(now) FOR UPDATE SKIP LOCKED
            """, on: connection
        ).first
    }

    /// The alert `service` submitted under `key`, if it did.
    func submitted(by service: String, key: String) async throws -> Vdxp_Monitoring_V1_Alert? {
        try await alerts(
            """
            SELECT \(unescaped: Self.columns) FROM monitoring.alerts
            WHERE submitted_by = \(service) AND submit_key = \(key)
            """, on: nil
        ).first
    }

    /// Sets when the alert's contacts are next due to be notified (nil: never again).
    func setNotifyDue(_ alertID: Int64, to due: Date?, on connection: PostgresConnection) async throws {
        try await database.query(
            "UPDATE monitoring.alerts SET notify_due = \(due) WHERE alert_id = \(alertID)",
            on: connection, logger: logger)
    }

    private func dueAlerts(_ query: PostgresQuery, on connection: PostgresConnection?) async throws -> [DueAlert] {
        var alerts: [DueAlert] = []
        for try await row in try await database.query(query, on: connection, logger: logger).decode(
            (Int64, Vdxp_Monitoring_V1_AlertKind, String, String, String, [Int16], Bool).self)
        {
            alerts.append(
                DueAlert(
                    alertID: row.0, kind: row.1, organisationID: row.2, summary: row.3, detail: row.4,
                    channels: Set(row.5.compactMap { Vdxp_Monitoring_V1_Channel(rawValue: Int($0)) }),
                    operatorsOnly: row.6))
        }
        return alerts
    }
}

/// An alert whose member's contacts are due to be notified.
struct DueAlert: Sendable, Equatable {
    /// The alert.
    var alertID: Int64
    /// What it is about.
    var kind: Vdxp_Monitoring_V1_AlertKind
    /// The member whose contacts are told; empty for the operator group's alerts (`operatorsOnly`).
    var organisationID: String
    /// The SMS text.
    var summary: String
    /// The e-mail text.
    var detail: String
    /// The channels to notify by.
    var channels: Set<Vdxp_Monitoring_V1_Channel> = [.email, .sms]
    /// Whether it is for the operator group (told at `VDXP_MONITORING_OPERATOR_EMAILS` and `_PHONES`) rather than a
    /// member's contacts.
    var operatorsOnly = false
}

/// A CONNECTION_LOST alert whose member was not told within the bound of Art. 9.2.
struct LateLostConnection: Sendable, Equatable {
    /// The CONNECTION_LOST alert.
    var alertID: Int64
    /// The member.
    var organisationID: String
    /// When the loss was raised.
    var raiseTime: Date
    /// Whether an e-mail was accepted in time.
    var emailSent: Bool
    /// Whether an SMS was accepted in time.
    var smsSent: Bool
}
