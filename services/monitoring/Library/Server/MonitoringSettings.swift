import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Monitoring's settings, read once at start from `VDXP_MONITORING_*` and `VDXP_EXCHANGE_ADDRESS` (stated in
/// monitoring_service.proto and docs/operations.md). Every handler and background job reads them from here.
struct MonitoringSettings: Sendable {
    /// Silence longer than this makes a member DEGRADED (`VDXP_MONITORING_DEGRADED_AFTER_SECONDS`, default 300).
    var degradedAfter: Duration
    /// Silence longer than this makes a member DISCONNECTED, a lost connection (Art. 9.2)
    /// (`VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS`, default 600).
    var disconnectedAfter: Duration
    /// How often member systems are asked to call `Heartbeat` when otherwise idle
    /// (`VDXP_MONITORING_HEARTBEAT_INTERVAL_SECONDS`, default 60).
    var heartbeatInterval: Duration
    /// How often every member's state is evaluated against the clock (`VDXP_MONITORING_EVALUATE_SECONDS`, default 15).
    var evaluateInterval: Duration
    /// How often the member's contacts are told again while its connection stays lost
    /// (`VDXP_MONITORING_NOTIFY_REPEAT_MINUTES`, default 60).
    var notifyRepeat: Duration
    /// How often the outbox is looked at when nothing wakes the dispatcher (`VDXP_MONITORING_DISPATCH_SECONDS`,
    /// default 5).
    var dispatchInterval: Duration
    /// How long a replica keeps the notifications it claimed from the others while it delivers them
    /// (`VDXP_MONITORING_OUTBOX_LEASE_SECONDS`, default 600: longer than a delivery at the channels' timeouts, checked
    /// at start-up by `MonitoringChannels.checkLease`, so that no other replica sends them again meanwhile; a replica
    /// that dies mid-round leaves them to the others after it).
    var outboxLease: Duration
    /// The retry policy of the outbox: first delay, cap, maximum age.
    var retry: RetryPolicy
    /// How long alerts, their e-mails and SMS and every attempt are kept (`VDXP_MONITORING_ALERT_RETENTION_DAYS`,
    /// default 400; ``AlertRetention``).
    var alertRetention: Duration
    /// How long the documents sent and the deliveries' times are kept after their send or last retry, by the journal
    /// time Monitoring has applied (`VDXP_MONITORING_DOCUMENT_RETENTION_DAYS`, default 90, at least
    /// ``minimumDocumentRetentionDays``; ``SentRecordRetention``).
    var documentRetention: Duration
    /// The services whose health listener is probed, by name (`VDXP_MONITORING_COMPONENTS`, e.g.
    /// `central=vdxp-central:7101,exchange=vdxp-exchange:7201`); the database is always probed.
    var components: [ComponentTarget]
    /// How often the components are probed (`VDXP_MONITORING_PROBE_SECONDS`, default 15).
    var probeInterval: Duration
    /// How long one probe may take before the component counts as unreachable
    /// (`VDXP_MONITORING_PROBE_TIMEOUT_SECONDS`, default 3).
    var probeTimeout: Duration
    /// Failed probes in a row before an incident opens (`VDXP_MONITORING_INCIDENT_AFTER_FAILURES`, default 2).
    var incidentAfterFailures: Int
    /// Which components' outages every member's contacts are told of by e-mail and SMS, and after how long
    /// (`VDXP_MONITORING_OUTAGE_NOTICE_COMPONENTS`, default `central,exchange,database`;
    /// `VDXP_MONITORING_OUTAGE_NOTICE_AFTER_MINUTES`, default 5).
    var outageNotice: OutageNotice
    /// Exchange's gRPC address, whose journal tells Monitoring of every member's activity (`VDXP_EXCHANGE_ADDRESS`);
    /// nil: activity is only the heartbeats (a warning is logged at start).
    var exchangeAddress: HostAndPort?
    /// Ticket's gRPC address (`VDXP_TICKET_ADDRESS`), where an incident opens its support ticket; nil: incidents open
    /// no ticket (a warning is logged at start).
    var ticketAddress: HostAndPort?
    /// The member incident tickets are filed for (`VDXP_MONITORING_INCIDENT_TICKET_ORGANISATION_ID`); empty (unset):
    /// a platform incident, opened without a member and seen by the operators only.
    var incidentTicketOrganisationID: String
    /// The operator group's e-mail addresses (`VDXP_MONITORING_OPERATOR_EMAILS`, comma-separated): alerts submitted
    /// for the operator group with CHANNEL_EMAIL (Ticket's SLA warnings and escalations) are e-mailed to each.
    var operatorEmails: [String]
    /// The operator group's telephone numbers, E.164 (`VDXP_MONITORING_OPERATOR_PHONES`, comma-separated): the same
    /// alerts with CHANNEL_SMS are texted to each.
    var operatorPhones: [String]
    /// How often the operational statistics are published as Prometheus metrics (`VDXP_MONITORING_METRICS_SECONDS`,
    /// default 15).
    var metricsInterval: Duration
    /// How many members get their own `organisation_id` label in those metrics, the busiest first; the others are
    /// summed under `other` (`VDXP_MONITORING_METRICS_MEMBER_LIMIT`, default 300).
    var metricsMemberLimit: Int

    /// Reads the settings, each within its bounds:
    ///
    /// | variable | meaning | default | bounds |
    /// |---|---|---|---|
    /// | `VDXP_MONITORING_DEGRADED_AFTER_SECONDS` | silence before DEGRADED | 300 | 10 to 86400 |
    /// | `VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS` | silence before DISCONNECTED (a lost connection) | 600 | more than the above, up to 86400 |
    /// | `VDXP_MONITORING_HEARTBEAT_INTERVAL_SECONDS` | heartbeat interval asked of idle member systems | 60 | 5 to 3600, less than DEGRADED_AFTER |
    /// | `VDXP_MONITORING_EVALUATE_SECONDS` | how often states are evaluated | 15 | 1 to 300 |
    /// | `VDXP_MONITORING_NOTIFY_REPEAT_MINUTES` | repeat of a lost-connection notice while it lasts | 60 | 5 to 1440 |
    /// | `VDXP_MONITORING_DISPATCH_SECONDS` | outbox poll when nothing wakes it | 5 | 1 to 300 |
    /// | `VDXP_MONITORING_OUTBOX_LEASE_SECONDS` | how long a replica keeps the notifications it claimed | 600 | 30 to 3600 |
    /// | `VDXP_MONITORING_RETRY_FIRST_SECONDS` | delay after a first failed attempt, doubled after each | 30 | 1 to 3600 |
    /// | `VDXP_MONITORING_RETRY_MAX_SECONDS` | the longest delay between attempts | 600 | 1 to 86400, at least the first |
    /// | `VDXP_MONITORING_NOTIFICATION_MAX_AGE_MINUTES` | age after which an undelivered notification is given up | 360 | 5 to 10080 |
    /// | `VDXP_MONITORING_ALERT_RETENTION_DAYS` | how long alerts and their notifications are kept | 400 | 31 to 3650 |
    /// | `VDXP_MONITORING_DOCUMENT_RETENTION_DAYS` | how long the documents sent and the deliveries' times are kept after their send or last retry | 90 | 32 to 3650 |
    /// | `VDXP_EXCHANGE_ADDRESS` | Exchange's gRPC address (its journal) | none | `host:port` |
    /// | `VDXP_MONITORING_COMPONENTS` | services probed: `name=host:port` of their health listeners, comma-separated | none | names of letters, digits, `-` |
    /// | `VDXP_MONITORING_OUTAGE_NOTICE_COMPONENTS` | components whose outages are e-mailed and texted to every member, comma-separated, or `none` | `central,exchange,database` | `database` or names in `VDXP_MONITORING_COMPONENTS` |
    /// | `VDXP_MONITORING_OUTAGE_NOTICE_AFTER_MINUTES` | how long an outage lasts before it is sent | 5 | 0 to 20 |
    /// | `VDXP_MONITORING_PROBE_SECONDS` | how often components are probed | 15 | 1 to 300 |
    /// | `VDXP_MONITORING_PROBE_TIMEOUT_SECONDS` | how long one probe may take before it counts as failed | 3 | 1 to 60 |
    /// | `VDXP_MONITORING_INCIDENT_AFTER_FAILURES` | failed probes in a row before an incident opens | 2 | 1 to 100 |
    /// | `VDXP_TICKET_ADDRESS` | Ticket's gRPC address: incidents open support tickets there | none | `host:port` |
    /// | `VDXP_MONITORING_INCIDENT_TICKET_ORGANISATION_ID` | the member incident tickets are filed for | none: a platform incident, without a member | an organisation id |
    /// | `VDXP_MONITORING_OPERATOR_EMAILS` | the operator group's e-mail addresses, comma-separated | none | e-mail addresses |
    /// | `VDXP_MONITORING_OPERATOR_PHONES` | the operator group's telephone numbers, comma-separated | none | telephone numbers (E.164 or as dialled in Vietnam) |
    /// | `VDXP_MONITORING_METRICS_SECONDS` | how often the statistics metrics are brought up to date | 15 | 1 to 300 |
    /// | `VDXP_MONITORING_METRICS_MEMBER_LIMIT` | members with their own metric label, the rest under `other` | 300 | 0 to 5000 |
    ///
    /// - Throws: when a value is not a number, is out of its bounds or contradicts another, naming the variable.
    init(settings: Settings) throws {
        let degraded = try settings.integer("MONITORING_DEGRADED_AFTER_SECONDS", default: 300, in: 10...86_400)
        let disconnected = try settings.integer(
            "MONITORING_DISCONNECTED_AFTER_SECONDS", default: 600, in: 11...86_400)
        guard disconnected > degraded else {
            throw SettingsError(
                "VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS=\(disconnected) is not valid: it must be more than "
                    + "VDXP_MONITORING_DEGRADED_AFTER_SECONDS (\(degraded))")
        }
        let heartbeat = try settings.integer("MONITORING_HEARTBEAT_INTERVAL_SECONDS", default: 60, in: 5...3600)
        guard heartbeat < degraded else {
            throw SettingsError(
                "VDXP_MONITORING_HEARTBEAT_INTERVAL_SECONDS=\(heartbeat) is not valid: it must be less than "
                    + "VDXP_MONITORING_DEGRADED_AFTER_SECONDS (\(degraded)), or an idle system would look DEGRADED")
        }
        degradedAfter = .seconds(degraded)
        disconnectedAfter = .seconds(disconnected)
        heartbeatInterval = .seconds(heartbeat)
        evaluateInterval = .seconds(try settings.integer("MONITORING_EVALUATE_SECONDS", default: 15, in: 1...300))
        let repeatMinutes = try settings.integer("MONITORING_NOTIFY_REPEAT_MINUTES", default: 60, in: 5...1440)
        notifyRepeat = .seconds(60 * repeatMinutes)
        dispatchInterval = .seconds(try settings.integer("MONITORING_DISPATCH_SECONDS", default: 5, in: 1...300))
        outboxLease = .seconds(try settings.integer("MONITORING_OUTBOX_LEASE_SECONDS", default: 600, in: 30...3600))
        let first = try settings.integer("MONITORING_RETRY_FIRST_SECONDS", default: 30, in: 1...3600)
        let maximum = try settings.integer("MONITORING_RETRY_MAX_SECONDS", default: 600, in: 1...86_400)
        guard maximum >= first else {
            throw SettingsError(
                "VDXP_MONITORING_RETRY_MAX_SECONDS=\(maximum) is not valid: it must be at least "
                    + "VDXP_MONITORING_RETRY_FIRST_SECONDS (\(first))")
        }
        let maximumAge = try settings.integer(
            "MONITORING_NOTIFICATION_MAX_AGE_MINUTES", default: 360, in: 5...10_080)
        retry = RetryPolicy(
            firstDelay: .seconds(first), maximumDelay: .seconds(maximum), maximumAge: .seconds(60 * maximumAge))
        alertRetention = .seconds(
            86_400 * (try settings.integer("MONITORING_ALERT_RETENTION_DAYS", default: 400, in: 31...3650)))
        documentRetention = .seconds(86_400 * (try Self.documentRetentionDays(settings)))
        components = try Self.components(settings.optional("MONITORING_COMPONENTS") ?? "")
        probeInterval = .seconds(try settings.integer("MONITORING_PROBE_SECONDS", default: 15, in: 1...300))
        probeTimeout = .seconds(try settings.integer("MONITORING_PROBE_TIMEOUT_SECONDS", default: 3, in: 1...60))
        incidentAfterFailures = try settings.integer("MONITORING_INCIDENT_AFTER_FAILURES", default: 2, in: 1...100)
        outageNotice = OutageNotice(
            components: try Self.outageNoticeComponents(
                settings.optional("MONITORING_OUTAGE_NOTICE_COMPONENTS"), probed: components),
            after: .seconds(
                60
                    * (try settings.integer(
                        "MONITORING_OUTAGE_NOTICE_AFTER_MINUTES", default: 5, in: 0...OutageNotice.maximumMinutes))))
        ticketAddress = try settings.optional("TICKET_ADDRESS").map { _ in
            try settings.address("TICKET_ADDRESS", default: "")
        }
        incidentTicketOrganisationID = settings.optional("MONITORING_INCIDENT_TICKET_ORGANISATION_ID") ?? ""
        if !incidentTicketOrganisationID.isEmpty {
            guard (try? OrganisationID(validating: incidentTicketOrganisationID)) != nil else {
                throw SettingsError(
                    "VDXP_MONITORING_INCIDENT_TICKET_ORGANISATION_ID='\(incidentTicketOrganisationID)' is not valid: "
                        + "give the organisation id of the member incident tickets are filed for (e.g. "
                        + "000.00.00.G22), or leave it unset to open them as platform incidents, without a member")
            }
        }
        operatorEmails = try Self.operatorEmails(settings.optional("MONITORING_OPERATOR_EMAILS") ?? "")
        operatorPhones = try Self.operatorPhones(settings.optional("MONITORING_OPERATOR_PHONES") ?? "")
        metricsInterval = .seconds(try settings.integer("MONITORING_METRICS_SECONDS", default: 15, in: 1...300))
        metricsMemberLimit = try settings.integer("MONITORING_METRICS_MEMBER_LIMIT", default: 300, in: 0...5000)
        exchangeAddress = try settings.optional("EXCHANGE_ADDRESS").map { _ in
            try settings.address("EXCHANGE_ADDRESS", default: "")
        }
    }

    /// The fewest days ``SentRecordRetention`` may keep a document and its deliveries after their send or last
    /// retry: Exchange fails a delivery not acknowledged by its deadline, which is at most 30 days after the send or
    /// retry (`VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES` allows up to 43200), checked every hour at the most
    /// (`VDXP_EXCHANGE_FAILURE_CHECK_SECONDS`); the two days more cover an Exchange that was down when the deadline
    /// passed. Until then the journal may still carry the delivery's acknowledgement or failure, whose sender only
    /// Monitoring's rows name.
    static let minimumDocumentRetentionDays = 32

    /// Reads `VDXP_MONITORING_DOCUMENT_RETENTION_DAYS` (default 90, ``minimumDocumentRetentionDays`` to 3650),
    /// saying why a shorter retention is refused.
    private static func documentRetentionDays(_ settings: Settings) throws -> Int {
        let days = try settings.integer("MONITORING_DOCUMENT_RETENTION_DAYS", default: 90, in: 1...3650)
        guard days >= minimumDocumentRetentionDays else {
            throw SettingsError(
                "VDXP_MONITORING_DOCUMENT_RETENTION_DAYS=\(days) is not valid: give at least "
                    + "\(minimumDocumentRetentionDays) days. Exchange may fail or acknowledge a delivery up to 30 days "
                    + "after it was sent or retried (VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES), and Monitoring needs "
                    + "the document to alert its sender until then")
        }
        return days
    }

    /// Parses `name=host:port,name=host:port`.
    static func components(_ text: String) throws -> [ComponentTarget] {
        var targets: [ComponentTarget] = []
        for item in text.split(separator: ",") {
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let address = HostAndPort(String(parts[1])),
                !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
                parts[0] != Substring(ComponentProber.databaseName),
                !targets.contains(where: { $0.name == String(parts[0]) })
            else {
                throw SettingsError(
                    "VDXP_MONITORING_COMPONENTS has '\(item)': write name=host:port of each service's health "
                        + "listener, comma-separated, each name once (not 'database', which is always probed), e.g. "
                        + "central=vdxp-central:7101,exchange=vdxp-exchange:7201")
            }
            targets.append(ComponentTarget(name: String(parts[0]), address: address))
        }
        return targets
    }

    /// Parses the components whose outages are sent to every member: unset, ``OutageNotice/defaultComponents``;
    /// `none`, no component; otherwise comma-separated names, each `database` or a component of `probed` (a name
    /// that is never probed would never be sent, which is a typo the operator must hear of).
    static func outageNoticeComponents(_ text: String?, probed: [ComponentTarget]) throws -> Set<String> {
        guard let text else { return OutageNotice.defaultComponents }
        if text.trimmingCharacters(in: .whitespaces) == "none" { return [] }
        let known = Set(probed.map(\.name)).union([ComponentProber.databaseName])
        var names: Set<String> = []
        for item in text.split(separator: ",") {
            let name = item.trimmingCharacters(in: .whitespaces)
            guard known.contains(name) else {
                throw SettingsError(
                    "VDXP_MONITORING_OUTAGE_NOTICE_COMPONENTS has '\(name)', which is not probed: name components of "
                        + "VDXP_MONITORING_COMPONENTS (\(known.sorted().joined(separator: ", "))), comma-separated, "
                        + "or write none")
            }
            names.insert(name)
        }
        return names
    }

    /// Parses the operator group's comma-separated e-mail addresses, each once.
    static func operatorEmails(_ text: String) throws -> [String] {
        var addresses: [String] = []
        for item in text.split(separator: ",") {
            guard let address = try? AccountRules.email(String(item)) else {
                throw SettingsError(
                    "VDXP_MONITORING_OPERATOR_EMAILS has '\(item.trimmingCharacters(in: .whitespaces))', which is not "
                        + "an e-mail address: list the operator group's addresses, comma-separated, e.g. "
                        + "vanhanh@vpcp.gov.vn,truc.ca@vpcp.gov.vn")
            }
            if !addresses.contains(address) { addresses.append(address) }
        }
        return addresses
    }

    /// Parses the operator group's comma-separated telephone numbers into E.164, each once.
    static func operatorPhones(_ text: String) throws -> [String] {
        var numbers: [String] = []
        for item in text.split(separator: ",") {
            let number: TelephoneNumber
            do {
                number = try TelephoneNumber(String(item))
            } catch {
                throw SettingsError(
                    "VDXP_MONITORING_OPERATOR_PHONES is not valid: \(error.description). List the operator group's "
                        + "numbers, comma-separated, e.g. +84912345678,0987654321")
            }
            if !numbers.contains(number.e164) { numbers.append(number.e164) }
        }
        return numbers
    }

    /// The connection rule these thresholds make.
    var connectionRule: ConnectionRule {
        ConnectionRule(degradedAfter: degradedAfter, disconnectedAfter: disconnectedAfter)
    }
}
