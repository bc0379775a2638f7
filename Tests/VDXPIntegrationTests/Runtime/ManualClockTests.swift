import Foundation
import PostgresNIO
import Testing
import VDXPDevelopment

/// The tests' clock starts where PostgreSQL can store it exactly, so that a deadline computed from a stored time and
/// an instant the test moves its clock onto compare as the test means.
@Suite("The tests' manual clock")
struct ManualClockTests {
    /// `date` written as a `timestamptz` parameter and read back, as PostgresNIO does.
    static func roundTrip(_ date: Date) throws -> Date {
        var buffer = ByteBuffer()
        date.encode(into: &buffer, context: .default)
        return try Date(from: &buffer, type: .timestamptz, format: .binary, context: .default)
    }

    @Test("a new clock stands on a whole second, which reads back from a timestamptz unchanged")
    func startsOnAWholeSecond() throws {
        let given = Date(timeIntervalSinceReferenceDate: 800_000_000.75)
        #expect(ManualClock(now: given).now == Date(timeIntervalSinceReferenceDate: 800_000_000))
        let clock = ManualClock()
        let seconds = clock.now.timeIntervalSinceReferenceDate
        #expect(seconds == seconds.rounded(.down))
        #expect(abs(clock.now.timeIntervalSinceNow) < 2)
        #expect(try Self.roundTrip(clock.now) == clock.now)
        clock.advance(by: 22 * 3600)
        #expect(try Self.roundTrip(clock.now) == clock.now)
    }

    @Test("an instant with a fraction of a microsecond may read back later than written: why the clock starts whole")
    func fractionsMayReadBackLater() throws {
        let base = ManualClock().now
        let later = try (0..<20_000).contains { step in
            let written = base.addingTimeInterval(Double(step) * 0.000_050_3)
            return try Self.roundTrip(written) > written
        }
        #expect(later)
    }
}
