import SwiftProtobuf
public import VDXPCore
public import VDXPProto

extension BusinessCalendar {
    /// The calendar the global configuration carries (`GlobalConfiguration.calendar`): a day listed in
    /// `working_days` works, a Monday-to-Friday day listed in `days_off` does not. Entries that are not dates are
    /// skipped (Central writes only dates).
    ///
    /// - Parameter proto: The calendar of a verified configuration.
    public init(proto: Vdxp_Central_V1_WorkingCalendar) {
        self.init(
            holidays: Set(proto.daysOff.compactMap { CalendarDate(iso8601: $0) }),
            extraWorkingDays: Set(proto.workingDays.compactMap { CalendarDate(iso8601: $0) }))
    }

    /// This calendar as the global configuration carries it, for the Gregorian `years`: the days off and working
    /// days within them, ascending.
    ///
    /// - Parameters:
    ///   - years: The years to list.
    ///   - tetDaysBefore: How many Tết days come before the first lunar day, for people reading the configuration.
    public func proto(years: ClosedRange<Int>, tetDaysBefore: Int) -> Vdxp_Central_V1_WorkingCalendar {
        .with {
            $0.firstYear = Int32(years.lowerBound)
            $0.lastYear = Int32(years.upperBound)
            $0.daysOff = self.holidays.filter { years.contains($0.year) }.sorted().map(\.iso8601)
            $0.workingDays = self.extraWorkingDays.filter { years.contains($0.year) }.sorted().map(\.iso8601)
            $0.tetDaysBefore = Int32(tetDaysBefore)
        }
    }
}
