import Foundation
import VDXPCore

/// Which platform components' outages every member is told of by e-mail and SMS, and how long an outage lasts before
/// they are (Art. 9.2, 19.2: a member that loses its connection with the platform is told by SMS and e-mail within
/// 30 minutes of detection, and an outage of the platform's own Exchange, Central or database cuts every member off
/// at once). An outage of a component members do not call (Report, Search, Ticket) stays in their inbox only.
///
/// The wait spares ten thousand members an e-mail and an SMS for a restart that lasts a minute: an incident that
/// closes before `after` has passed told nobody but the inbox, and its recovery is not sent either; one that lasts
/// longer is sent at `after`, and its recovery is sent when it comes. The bound on `after` keeps the notice inside
/// Art. 9.2's 30 minutes, with room for the outbox to send to every member.
struct OutageNotice: Sendable, Equatable {
    /// The components whose outages are sent to every member (`VDXP_MONITORING_OUTAGE_NOTICE_COMPONENTS`).
    var components: Set<String>
    /// How long an incident stays open before its notice is sent (`VDXP_MONITORING_OUTAGE_NOTICE_AFTER_MINUTES`).
    var after: Duration

    /// The components told by default: those every member system calls, and the database all of them stand on.
    static let defaultComponents: Set<String> = ["central", "exchange", ComponentProber.databaseName]
    /// The longest wait allowed, in minutes: with the incident's own probes and the outbox's round, inside 30 minutes.
    static let maximumMinutes = 20

    /// When the members' contacts are due to hear of an incident of `component` opened at `openedAt`; nil: never
    /// (the inbox only).
    func notifyDue(of component: String, openedAt: Date) -> Date? {
        components.contains(component) ? openedAt.addingTimeInterval(after.timeInterval) : nil
    }

    /// Whether an outage of `component` from `start` to `end`, already over when it is recorded (the database's),
    /// lasted long enough to be sent.
    func isSent(_ component: String, from start: Date, to end: Date) -> Bool {
        components.contains(component) && end.timeIntervalSince(start) >= after.timeInterval
    }
}
