import Foundation
import Testing

@testable import VDXPReport

/// Which months of Ticket's SLA figures Report reads in a pull. A month's figures change after nothing is open in it
/// any more: a hotline ticket entered days after the call (`receive_time` up to 7 days back), a ticket reopened after
/// its resolution. Reading from the oldest month with tickets open alone missed both.
@Suite("Report re-reads the months whose SLA figures can still change")
struct TicketMonthsTests {
    /// 00:00 +07 of a day, as an instant.
    static func vietnam(_ year: Int, _ month: Int, _ day: Int, hour: Int = 0) -> Date {
        VietnamDay(year: year, month: month, day: day).start.addingTimeInterval(TimeInterval(hour * 3600))
    }

    static func months(_ days: [VietnamDay]) -> [String] {
        days.map { day in
            let (year, month, dayOfMonth) = day.components
            return "\(year)-\(month)-\(dayOfMonth)"
        }
    }

    @Test("early in a month the previous month is read again, though nothing is open in it")
    func backDatedTickets() {
        let april = Self.vietnam(2026, 4, 1)
        let read = TicketMonthsTests.months(
            OperationSourcePoller.ticketMonths(
                position: april, now: Self.vietnam(2026, 4, 5, hour: 9), everyMonth: false))
        #expect(read == ["2026-3-1", "2026-4-1"], "a call of 31 March entered on 5 April counts in March")
        let later = TicketMonthsTests.months(
            OperationSourcePoller.ticketMonths(position: april, now: Self.vietnam(2026, 4, 20), everyMonth: false))
        #expect(later == ["2026-4-1"])
    }

    @Test("a month with tickets still open is read until none is")
    func openTickets() {
        let read = TicketMonthsTests.months(
            OperationSourcePoller.ticketMonths(
                position: Self.vietnam(2026, 1, 1), now: Self.vietnam(2026, 3, 20), everyMonth: false))
        #expect(read == ["2026-1-1", "2026-2-1", "2026-3-1"])
    }

    @Test("once a day every month since January 2019, for tickets reopened long after they came in; the first pull too")
    func everyMonth() {
        let all = OperationSourcePoller.ticketMonths(
            position: Self.vietnam(2026, 4, 1), now: Self.vietnam(2026, 4, 20), everyMonth: true)
        #expect(TicketMonthsTests.months(Array(all.prefix(1))) == ["2019-1-1"])
        #expect(all.count == 7 * 12 + 4)
        let first = OperationSourcePoller.ticketMonths(position: nil, now: Self.vietnam(2026, 4, 20), everyMonth: false)
        #expect(first.count == 7 * 12 + 4)
    }
}
