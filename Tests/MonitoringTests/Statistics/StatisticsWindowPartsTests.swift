import Foundation
import Testing

@testable import VDXPMonitoring

/// A window of the operational statistics is read as its whole hours from the hourly rollup and the minutes at its
/// two edges: the parts cover the window exactly, without overlap.
@Suite("Operational statistics: a window split into whole hours and edge minutes")
struct StatisticsWindowPartsTests {
    static let hour: TimeInterval = 494_444 * 3600

    static func time(_ minutes: Int) -> Date {
        Date(timeIntervalSince1970: hour + TimeInterval(minutes) * 60)
    }

    @Test("a window of whole hours is all hours, without minutes")
    func wholeHours() {
        let parts = StatisticsWindowParts(from: Self.time(0), to: Self.time(180))
        #expect(parts.hoursStart == Self.time(0))
        #expect(parts.hoursEnd == Self.time(180))
    }

    @Test("partial hours at both edges are read from the minutes, the hours between from the hours")
    func partialEdges() {
        let parts = StatisticsWindowParts(from: Self.time(17), to: Self.time(343))
        #expect(parts.start == Self.time(17))
        #expect(parts.hoursStart == Self.time(60))
        #expect(parts.hoursEnd == Self.time(300))
        #expect(parts.end == Self.time(343))
    }

    @Test("a window without a whole hour inside is read from the minutes alone")
    func noWholeHour() {
        for (from, to) in [(10, 50), (30, 70), (0, 59), (1, 60)] {
            let parts = StatisticsWindowParts(from: Self.time(from), to: Self.time(to))
            #expect(parts.hoursStart == Self.time(to), "\(from)–\(to)")
            #expect(parts.hoursEnd == Self.time(to), "\(from)–\(to)")
        }
    }

    @Test("31 days ending within a minute: 743 whole hours and the minutes at both edges")
    func thirtyOneDays() {
        let end = Self.time(27)
        let parts = StatisticsWindowParts(from: end.addingTimeInterval(-31 * 86_400), to: end)
        #expect(parts.hoursEnd == Self.time(0))
        #expect(parts.hoursStart == Self.time(60 - 31 * 24 * 60))
        #expect(parts.hoursEnd.timeIntervalSince(parts.hoursStart) == 743 * 3600)
    }

    @Test("the hour of a time is the UTC hour it falls in")
    func hourOfTime() {
        #expect(StatisticsWindowParts.hour(of: Self.time(59).addingTimeInterval(59)) == Self.time(0))
        #expect(StatisticsWindowParts.hour(of: Self.time(60)) == Self.time(60))
    }
}
