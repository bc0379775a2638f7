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
    @Test("Central publishes Tết 2027 with its days in lieu and the notice's days; Exchange holds the same calendar")
    func calendarTravelsWithTheConfiguration() async throws {
        // The annual notice adds Friday 12 February 2027 and has Thursday 11 February worked instead.
        let settings = ["VDXP_PUBLIC_HOLIDAYS": "2027-02-12", "VDXP_EXTRA_WORKING_DAYS": "2027-02-11"]
        try await TestPlatform.with(centralSettings: settings) { platform in
            let anchor = try PEM.loadCertificateChain(pemFile: platform.pki.configurationSigningCertificate)[0]
            let signed = try await platform.operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
            let snapshot = try signed.verified(anchor: anchor)
            let published = snapshot.configuration.calendar
            let year = CalendarDate(Date()).year
            #expect(published.firstYear == Int32(year - 1))
            #expect(published.lastYear == Int32(year + 4))
            #expect(published.tetDaysBefore == 1)
            for day in [
                "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-12",
            ] {
                #expect(published.daysOff.contains(day), "\(day) is off")
            }
            #expect(!published.daysOff.contains("2027-02-11"))
            #expect(published.workingDays == ["2027-02-11"])
            #expect(published.daysOff.contains("2026-04-27"), "Hùng Kings' day 2026 is a Sunday: Monday in lieu")

            try await platform.waitForExchangeConfiguration()
            let held = try #require(platform.exchangeHost.globalConfiguration.current())
            #expect(held.calendar == snapshot.calendar)
            #expect(
                held.calendar.nextWorkingDay(after: CalendarDate(iso8601: "2027-02-04")!)
                    == CalendarDate(iso8601: "2027-02-11")!)
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
