import Foundation
import VDXPCore
import VDXPRuntime

/// Where Ticket reads the Vietnamese business calendar: the one Central publishes in the signed global configuration
/// (`GlobalConfiguration.calendar`: weekends, the statutory holidays with Tết computed, days in lieu, and the days of
/// the Government's annual notice), which Ticket follows like every service. Ticket has no calendar settings of its
/// own, so its 5 working days (Art. 18.2.b) and Central's 3 (Art. 17.2) are counted on the same days.
struct TicketCalendarSource: Sendable {
    /// The configuration this process follows.
    let globalConfiguration: GlobalConfigurationStore

    /// Weekends only: the calendar a working-hours clock counts on before any configuration arrived.
    static let weekendsOnly = BusinessCalendar(holidays: [])

    /// The calendar for a rule that must not guess (the 5 working days of a maintenance notice).
    ///
    /// - Throws: ``TicketError/noCalendar`` (UNAVAILABLE) while no unexpired configuration is held.
    func calendar() throws(TicketError) -> BusinessCalendar {
        guard let snapshot = globalConfiguration.current() else { throw .noCalendar }
        return snapshot.calendar
    }

    /// The calendar a working-hours support clock counts on now: the latest configuration held, expired or not (a
    /// calendar does not go stale within a validity period), or weekends only before the first one arrived. A
    /// deadline is recomputed at each change of the ticket, so a holiday published later moves it then.
    var clockCalendar: BusinessCalendar { globalConfiguration.snapshot?.calendar ?? Self.weekendsOnly }
}
