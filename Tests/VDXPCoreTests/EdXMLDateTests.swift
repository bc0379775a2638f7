import Foundation
import Testing
import VDXPCore

@Suite("Dates and times in ISO 8601 and the legacy edXML forms (QĐ 28 Art. 14.4)")
struct EdXMLDateTests {
    /// An instant written in ISO 8601 with its offset, read by Foundation as a cross-check.
    static func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    // MARK: - Calendar dates

    @Test(
        "a calendar date may be written yyyy-MM-dd, yyyy/MM/dd or dd/MM/yyyy",
        arguments: [
            ("2026-09-03", "2026-09-03"),
            ("2026/09/03", "2026-09-03"),
            ("03/09/2026", "2026-09-03"),
            ("29/02/2024", "2024-02-29"),
            ("2024/02/29", "2024-02-29"),
            ("31/12/1999", "1999-12-31"),
        ]
    )
    func calendarDates(text: String, iso: String) {
        #expect(EdXMLDate.calendarDate(text)?.iso8601 == iso)
    }

    @Test(
        "a calendar date in any other form, or a day that does not exist, is refused",
        arguments: [
            "", "2026-9-3", "2026/9/3", "3/9/2026", "03/9/2026", "03/09/26", "31/02/2026", "2026/02/29",
            "29/02/2026", "31/04/2026", "00/09/2026", "03/13/2026", "03-09-2026", "2026.09.03", "2026/09-03",
            "03/09-2026", " 2026-09-03", "2026-09-03 ", "03/09/2026 ", "2026-09-03T00:00:00", "03/09/２０２６",
            "+3/09/2026",
        ]
    )
    func refusedCalendarDates(text: String) {
        #expect(EdXMLDate.calendarDate(text) == nil)
    }

    // MARK: - Instants

    @Test(
        "a time in a legacy edXML form is read as Vietnam time and written back in ISO 8601",
        arguments: [
            ("2026/09/03 17:00:00", "2026-09-03T17:00:00+07:00"),
            ("03/09/2026 17:00:00", "2026-09-03T17:00:00+07:00"),
            ("01/01/2026 00:00:00", "2026-01-01T00:00:00+07:00"),
            ("2026/12/31 23:59:59", "2026-12-31T23:59:59+07:00"),
        ]
    )
    func legacyInstants(text: String, iso: String) throws {
        let instant = try #require(EdXMLDate.instant(text))
        #expect(EdXMLDate.iso8601VietnamTime(instant) == iso)
        #expect(instant == (try Self.instant(iso)))
    }

    @Test("a legacy time of 17:00 in Vietnam is 10:00 UTC")
    func legacyIsVietnamTime() throws {
        #expect(EdXMLDate.instant("2026/09/03 17:00:00") == (try Self.instant("2026-09-03T10:00:00Z")))
        #expect(EdXMLDate.instant("01/01/2026 03:00:00") == (try Self.instant("2025-12-31T20:00:00Z")))
    }

    @Test(
        "an ISO 8601 time honours its offset: these all name 17:00 on 3 September 2026 in Vietnam",
        arguments: [
            "2026-09-03T17:00:00+07:00", "2026-09-03T10:00:00Z", "2026-09-03T12:00:00+02:00",
            "2026-09-03T05:30:00-04:30", "2026-09-04T00:00:00+14:00", "2026-09-02T23:00:00-11:00",
            "2026-09-03T10:00:00+00:00", "2026-09-03T10:00:00-00:00",
        ]
    )
    func offsets(text: String) throws {
        let instant = try #require(EdXMLDate.instant(text))
        #expect(instant == EdXMLDate.instant("2026-09-03T10:00:00Z"))
        #expect(instant == (try Self.instant(text)))
        #expect(EdXMLDate.iso8601VietnamTime(instant) == "2026-09-03T17:00:00+07:00")
    }

    @Test("a fraction of a second of 1 to 9 digits is kept to the microsecond, and written back rounded down")
    func fractions() throws {
        let whole = try #require(EdXMLDate.instant("2026-09-03T10:00:00Z"))
        #expect(EdXMLDate.instant("2026-09-03T10:00:00.5Z") == whole.addingTimeInterval(0.5))
        #expect(EdXMLDate.instant("2026-09-03T17:00:00.250+07:00") == whole.addingTimeInterval(0.25))
        #expect(EdXMLDate.instant("2026-09-03T10:00:00.123456789Z") == whole.addingTimeInterval(0.123456))
        let nearlyNext = try #require(EdXMLDate.instant("2026-09-03T10:00:00.999999999Z"))
        #expect(nearlyNext > whole)
        #expect(EdXMLDate.iso8601VietnamTime(nearlyNext) == "2026-09-03T17:00:00+07:00")
    }

    @Test(
        "a time in any other form is refused",
        arguments: [
            "",
            "2026-09-03T17:00:00",  // ISO 8601 without an offset
            "2026-09-03 17:00:00+07:00", "2026-09-03t17:00:00Z", "2026-09-03T17:00:00z", "2026-09-03T17:00Z",
            "2026-09-03T17:00:00+0700", "2026-09-03T17:00:00+07", "2026-09-03T17:00:00+24:00",
            "2026-09-03T17:00:00+07:60", "2026-09-03T17:00:00.Z", "2026-09-03T17:00:00.1234567890Z",
            "2026-09-03T17:00:00,5Z", "2026-09-03T17:00:00Z ", " 2026-09-03T17:00:00Z", "2026-9-3T17:00:00Z",
            "2026/09/03 24:00:00", "2026/09/03 23:60:00", "2026/09/03 23:59:60", "2026/09/03 7:00:00",
            "2026/09/03 17:00", "2026/09/03T17:00:00", "2026/09/03 17:00:00+07:00", "2026/09/03 17:00:00.5",
            "2026/09/03  17:00:00", "03/09/2026 17:00:00 ", "31/02/2026 10:00:00", "2026-02-29T10:00:00Z",
            "2026/09/03", "17:00:00 03/09/2026", "2026-09-03T１7:00:00Z",
        ]
    )
    func refusedInstants(text: String) {
        #expect(EdXMLDate.instant(text) == nil)
    }

    // MARK: - Writing ISO 8601

    @Test(
        "an instant is written in Vietnam time, crossing into the next day after 17:00 UTC",
        arguments: [
            ("2026-09-03T16:59:59Z", "2026-09-03T23:59:59+07:00"),
            ("2026-09-03T17:00:00Z", "2026-09-04T00:00:00+07:00"),
            ("2025-12-31T17:00:00Z", "2026-01-01T00:00:00+07:00"),
            ("2024-02-28T20:30:05Z", "2024-02-29T03:30:05+07:00"),
            ("1970-01-01T00:00:00Z", "1970-01-01T07:00:00+07:00"),
            ("1969-12-31T16:59:59Z", "1969-12-31T23:59:59+07:00"),
        ]
    )
    func writesVietnamTime(utc: String, vietnam: String) throws {
        #expect(EdXMLDate.iso8601VietnamTime(try Self.instant(utc)) == vietnam)
    }

    @Test("writing rounds down to the whole second, before 1970 too")
    func roundsDown() {
        #expect(EdXMLDate.iso8601VietnamTime(Date(timeIntervalSince1970: 0.999)) == "1970-01-01T07:00:00+07:00")
        #expect(EdXMLDate.iso8601VietnamTime(Date(timeIntervalSince1970: -0.5)) == "1970-01-01T06:59:59+07:00")
    }

    @Test("what is written reads back as the same instant")
    func roundTrip() throws {
        for seconds in stride(from: -86_400 * 366, through: 86_400 * 366 * 60, by: 7_777_777) {
            let instant = Date(timeIntervalSince1970: Double(seconds))
            #expect(EdXMLDate.instant(EdXMLDate.iso8601VietnamTime(instant)) == instant)
        }
    }
}
