import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Ticket's settings, read once at start from `VDXP_TICKET_*` and `VDXP_*` (stated in ticket.proto and
/// docs/operations.md). Every handler and job reads them from here.
///
/// | variable | meaning | default | bounds |
/// |---|---|---|---|
/// | `VDXP_TICKET_SLA_PROVIDED_SERVICE_HOURS` | clock of a provided-service difficulty (Art. 18.2.a) | 24 | 1 to 720 |
/// | `VDXP_TICKET_SLA_CONNECTION_HOURS` | clock of a connection / technical difficulty (Art. 18.2.b) | 48 | 1 to 720 |
/// | `VDXP_TICKET_SLA_ACCOUNT_HOURS` | clock of an account ticket | 24 | 1 to 720 |
/// | `VDXP_TICKET_SLA_OTHER_HOURS` | clock of anything else | 48 | 1 to 720 |
/// | `VDXP_TICKET_SLA_<CATEGORY>_MET_BY` | `first_response` or `resolution` | first_response | |
/// | `VDXP_TICKET_SLA_CLOCK_HOURS` | every hour counts (`true`) or only working hours of working days | true | |
/// | `VDXP_TICKET_WORKDAY_START` | working hours begin, Vietnam time, `HH:mm` (new tickets) | 08:00 | 00:00–23:59 |
/// | `VDXP_TICKET_WORKDAY_END` | working hours end, Vietnam time, `HH:mm` (new tickets) | 17:00 | after start, ≤ 24:00 |
/// | `VDXP_TICKET_SLA_PAUSE_WHILE_WAITING` | WAITING_FOR_MEMBER is left out of the count | true | |
/// | `VDXP_TICKET_SLA_WARNING_MINUTES` | warning before the deadline | 120 | 1 to 1440 |
/// | `VDXP_TICKET_SLA_CHECK_SECONDS` | how often the sweeper looks at the clocks | 30 | 1 to 3600 |
/// | `VDXP_TICKET_REOPEN_DAYS` | reopen period after resolution, then auto-close | 14 | 1 to 90 |
/// | `VDXP_TICKET_MAX_ATTACHMENT_BYTES` | largest attachment | 3145728 (3 MiB) | 1 to 3.5 MiB |
/// | `VDXP_TICKET_MAX_ATTACHMENTS` | most attachments per ticket | 10 | 1 to 100 |
/// | `VDXP_TICKET_MAX_OPEN_TICKETS_PER_MEMBER` | most unresolved tickets a member opened through the API | 50 | 1 to 10000 |
/// | `VDXP_TICKET_MAX_ATTACHMENT_BYTES_PER_MEMBER_DAY` | most bytes a member attaches in 24 hours | 104857600 | 1 to 2^34 |
/// | `VDXP_TICKET_MAX_COMMENTS_PER_MEMBER_DAY` | most comments a member writes in 24 hours | 500 | 1 to 100000 |
/// | `VDXP_TICKET_ALERT_RETRY_SECONDS` | how often the alert dispatcher looks at its outbox | 5 | 1 to 3600 |
/// | `VDXP_TICKET_LOCK_RETRY_SECONDS` | how often an account lock Central did not make is retried (Art. 16.5) | 60 | 1 to 3600 |
/// | `VDXP_MONITORING_ADDRESS` | Monitoring's gRPC address (alerts are handed to `SubmitAlert`) | none: alerts wait | host:port |
///
/// The working days are not a setting of Ticket: they are Central's, from the global configuration
/// (``TicketCalendarSource``).
struct TicketSettings: Sendable {
    /// The policy copied onto each new ticket, by category.
    var policies: [Vdxp_Ticket_V1_TicketCategory: SupportPolicy]
    /// How often the sweeper runs.
    var checkInterval: Duration
    /// How long a resolved ticket may be reopened.
    var reopenPeriod: TimeInterval
    /// Largest attachment in bytes.
    var maximumAttachmentBytes: Int
    /// Most attachments per ticket.
    var maximumAttachments: Int
    /// Most unresolved tickets a member may have opened through the API (the operator's and Monitoring's are not
    /// counted and never refused).
    var maximumOpenTicketsPerMember: Int
    /// Most bytes a member's accounts and system may attach in 24 hours (the operator's are not counted).
    var maximumAttachmentBytesPerMemberDay: Int
    /// Most comments a member's accounts and system may write in 24 hours (the operator's are not counted).
    var maximumCommentsPerMemberDay: Int
    /// How often the alert dispatcher runs.
    var alertRetryInterval: Duration
    /// How often account locks Central did not make are retried.
    var lockRetryInterval: Duration
    /// Monitoring's address; nil keeps alerts pending in the outbox.
    var monitoring: HostAndPort?
    /// The working hours of a working day, copied into the policy of each new ticket (a ticket keeps its own).
    var workingHours: WorkingHours
    /// The working days (the 5 working days of Art. 18.2.b, working hours): Central's, from the global configuration.
    var calendar: TicketCalendarSource

    /// Reads the settings, each within its bounds.
    ///
    /// - Parameter calendar: Where the working days come from (the configuration the service follows).
    /// - Throws: when a value is out of its bounds, naming the variable, so that the service stops at start.
    init(settings: Settings, calendar: TicketCalendarSource) throws {
        let clockHours = try settings.bool("TICKET_SLA_CLOCK_HOURS", default: true)
        let pause = try settings.bool("TICKET_SLA_PAUSE_WHILE_WAITING", default: true)
        let warning = Int64(try settings.integer("TICKET_SLA_WARNING_MINUTES", default: 120, in: 1...1440) * 60)
        let workingHours = try WorkingHours(
            start: settings.string("TICKET_WORKDAY_START", default: "08:00"),
            end: settings.string("TICKET_WORKDAY_END", default: "17:00"))
        var policies: [Vdxp_Ticket_V1_TicketCategory: SupportPolicy] = [:]
        let categories: [(Vdxp_Ticket_V1_TicketCategory, String, Int)] = [
            (.providedService, "PROVIDED_SERVICE", 24), (.connection, "CONNECTION", 48), (.account, "ACCOUNT", 24),
            (.other, "OTHER", 48),
        ]
        for (category, name, hours) in categories {
            let target = try settings.integer("TICKET_SLA_\(name)_HOURS", default: hours, in: 1...720)
            let metBy: Vdxp_Ticket_V1_SlaMilestone
            switch settings.string("TICKET_SLA_\(name)_MET_BY", default: "first_response").lowercased() {
            case "first_response": metBy = .firstResponse
            case "resolution": metBy = .resolution
            case let other:
                throw SettingsError(
                    "VDXP_TICKET_SLA_\(name)_MET_BY must be first_response or resolution; got '\(other)'")
            }
            policies[category] = SupportPolicy(
                targetSeconds: Int64(target) * 3600, metBy: metBy, clockHours: clockHours, pauseWhileWaiting: pause,
                warningSeconds: warning, workingHours: workingHours)
        }
        self.policies = policies
        checkInterval = .seconds(try settings.integer("TICKET_SLA_CHECK_SECONDS", default: 30, in: 1...3600))
        reopenPeriod = Double(try settings.integer("TICKET_REOPEN_DAYS", default: 14, in: 1...90)) * 86400
        maximumAttachmentBytes = try settings.integer(
            "TICKET_MAX_ATTACHMENT_BYTES", default: 3 * 1024 * 1024, in: 1...(3 * 1024 * 1024 + 512 * 1024))
        maximumAttachments = try settings.integer("TICKET_MAX_ATTACHMENTS", default: 10, in: 1...100)
        maximumOpenTicketsPerMember = try settings.integer(
            "TICKET_MAX_OPEN_TICKETS_PER_MEMBER", default: 50, in: 1...10_000)
        maximumAttachmentBytesPerMemberDay = try settings.integer(
            "TICKET_MAX_ATTACHMENT_BYTES_PER_MEMBER_DAY", default: 100 * 1024 * 1024, in: 1...(1 << 34))
        maximumCommentsPerMemberDay = try settings.integer(
            "TICKET_MAX_COMMENTS_PER_MEMBER_DAY", default: 500, in: 1...100_000)
        alertRetryInterval = .seconds(try settings.integer("TICKET_ALERT_RETRY_SECONDS", default: 5, in: 1...3600))
        lockRetryInterval = .seconds(try settings.integer("TICKET_LOCK_RETRY_SECONDS", default: 60, in: 1...3600))
        if settings.optional("MONITORING_ADDRESS") != nil {
            monitoring = try settings.address("MONITORING_ADDRESS", default: "")
        }
        self.workingHours = workingHours
        self.calendar = calendar
    }

    /// The timeline a policy counts on now: its own working hours, on the working days Central publishes now.
    func timeline(_ policy: SupportPolicy) -> SlaTimeline {
        SlaTimeline(
            clockHours: policy.clockHours,
            calendar: policy.clockHours
                ? TicketCalendarSource.weekendsOnly
                : calendar.clockCalendar,
            workingHours: policy.workingHours)
    }
}
