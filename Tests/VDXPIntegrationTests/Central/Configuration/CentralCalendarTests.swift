import Foundation
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// The working-day calendar travels in the signed global configuration (Labour Code 2019 Art. 112; Art. 13.1, 17.2,
/// 18.2.b): Central computes it — Tết and Hùng Kings' day from the lunar calendar — and Exchange counts with the
/// very same days, so the two cannot disagree.
@Suite("The Vietnamese calendar in the global configuration", .serialized)
struct CentralCalendarTests {
    /// The first day of Tết (mùng 1 tháng Giêng) by the almanac, written down here independently of the lunar
    /// computation under test, for the years the test can meet.
    static let firstDayOfTet: [Int: String] = [
        2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-03", 2031: "2031-01-23",
        2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19", 2035: "2035-02-08", 2036: "2036-01-28",
    ]

    @Test(
        "Central publishes next year's Tết and the notice's days in the signed configuration; Exchange holds the same")
    func calendarTravelsWithTheConfiguration() async throws {
        // Dates relative to the year the test runs in, so that it reads the same every year.
        let year = CalendarDate(Date()).year
        let next = year + 1
        let tet = try #require(Self.firstDayOfTet[next], "extend the almanac table past \(next)")
        // The annual notice adds 24 December of next year off, and has the first Saturday of next October worked.
        let saturday = try #require(
            (1...7).lazy.compactMap { CalendarDate(year: next, month: 10, day: $0) }.first { $0.isoWeekday == 6 })
        let settings = [
            "VDXP_PUBLIC_HOLIDAYS": "\(next)-12-24", "VDXP_EXTRA_WORKING_DAYS": saturday.iso8601,
        ]
        try await TestPlatform.with(centralSettings: settings) { platform in
            let anchor = try PEM.loadCertificateChain(pemFile: platform.pki.configurationSigningCertificate)[0]
            let signed = try await platform.operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
            let snapshot = try signed.verified(anchor: anchor)
            let published = snapshot.configuration.calendar
            #expect(published.firstYear == Int32(year - 1))
            #expect(published.lastYear == Int32(year + 4))
            #expect(published.tetDaysBefore == 1)
            let firstDay = try #require(CalendarDate(iso8601: tet))
            #expect(published.daysOff.contains(tet), "mùng 1 Tết \(next) is off")
            #expect(published.daysOff.contains(firstDay.addingDays(-1).iso8601), "the eve of Tết is off")
            #expect(published.daysOff.contains("\(next)-12-24"), "the notice's extra day off")
            #expect(published.workingDays == [saturday.iso8601], "the notice's worked Saturday")
            #expect(!published.daysOff.contains(saturday.iso8601))

            try await platform.waitForExchangeConfiguration()
            let held = try #require(platform.exchangeHost.globalConfiguration.current())
            #expect(held.calendar == snapshot.calendar)
            #expect(held.calendar.nextWorkingDay(after: saturday.addingDays(-1)) == saturday)
            #expect(held.calendar.nextWorkingDay(after: firstDay.addingDays(-2)) > firstDay)
        }
    }

    @Test("a day configured both off and worked stops the service at start, naming the day")
    func conflictingDaysRefused() {
        let settings = Settings(["VDXP_PUBLIC_HOLIDAYS": "2027-02-13", "VDXP_EXTRA_WORKING_DAYS": "2027-02-13"])
        #expect {
            try settings.businessCalendar()
        } throws: { error in
            "\(error)".contains("2027-02-13")
        }
        let badTet = Settings(["VDXP_TET_DAYS_BEFORE": "5"])
        #expect(throws: SettingsError.self) { try badTet.publicHolidayRules() }
    }
}
