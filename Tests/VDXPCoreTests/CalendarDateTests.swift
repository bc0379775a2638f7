import Foundation
import Testing
import VDXPCore

@Suite("Calendar dates and today in Vietnam time (QĐ 28 Art. 14.4)")
struct CalendarDateTests {
    @Test(
        "a date written yyyy-MM-dd that names a real day is accepted",
        arguments: [
            ("2026-03-15", 2026, 3, 15),
            ("2024-02-29", 2024, 2, 29),
            ("2000-02-29", 2000, 2, 29),
            ("1945-09-02", 1945, 9, 2),
            ("0001-01-01", 1, 1, 1),
            ("9999-12-31", 9999, 12, 31),
        ] as [(String, Int, Int, Int)]
    )
    func acceptsISODates(text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(CalendarDate(iso8601: text))
        #expect(date == CalendarDate(year: year, month: month, day: day))
        #expect(date.iso8601 == text)
        #expect(date.description == text)
    }

    @Test(
        "any other text, or a day that does not exist, is refused",
        arguments: [
            "", "2026-3-15", "2026-03-5", "15/03/2026", "2026/03/15", "2026-03-15T00:00:00",
            "2026-03-15 ", " 2026-03-15", "20260315", "2026-13-01", "2026-00-10", "2026-02-29",
            "1900-02-29", "2026-04-31", "2026-03-00", "0000-01-01", "２０２６-03-15", "+026-03-15",
        ]
    )
    func refusesOtherText(text: String) {
        #expect(CalendarDate(iso8601: text) == nil)
    }

    @Test("parts that name no day give no date")
    func invalidParts() {
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 0, month: 1, day: 1) == nil)
        #expect(CalendarDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test(
        "the day of an instant is counted in Vietnam time, UTC+07:00",
        arguments: [
            ("2026-03-14T16:59:59Z", "2026-03-14"),
            ("2026-03-14T17:00:00Z", "2026-03-15"),
            ("2026-03-15T16:59:59Z", "2026-03-15"),
            ("2024-02-28T17:00:00Z", "2024-02-29"),
            ("2025-12-31T17:00:00Z", "2026-01-01"),
            ("1970-01-01T00:00:00Z", "1970-01-01"),
            ("1969-12-31T16:59:59Z", "1969-12-31"),
            ("1969-12-31T17:00:00Z", "1970-01-01"),
            ("1945-09-02T02:00:00Z", "1945-09-02"),
        ]
    )
    func dayInVietnam(instant: String, expected: String) throws {
        let date = try Date(instant, strategy: .iso8601)
        #expect(CalendarDate(date).iso8601 == expected)
    }

    @Test("another offset can be given, e.g. UTC")
    func otherOffset() throws {
        let date = try Date("2026-03-14T17:00:00Z", strategy: .iso8601)
        #expect(CalendarDate(date, utcOffsetSeconds: 0).iso8601 == "2026-03-14")
        #expect(CalendarDate(date.addingTimeInterval(-0.5), utcOffsetSeconds: 0).iso8601 == "2026-03-14")
    }

    @Test("earlier days sort first")
    func ordering() throws {
        let dates = ["2026-03-15", "2025-12-31", "2026-01-02", "2026-01-10"].compactMap(CalendarDate.init(iso8601:))
        #expect(dates.sorted().map(\.iso8601) == ["2025-12-31", "2026-01-02", "2026-01-10", "2026-03-15"])
    }

    @Test("a date encodes as a yyyy-MM-dd JSON string")
    func codable() throws {
        let json = try JSONEncoder().encode([Fixtures.today])
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-03-15"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: json) == [Fixtures.today])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
