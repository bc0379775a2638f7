public import VDXPCore

extension Settings {
    /// The years Central's calendar covers: the statutory holidays are computed for each.
    public static let calendarYears = 2000...2100

    /// The Vietnamese public-holiday rules of these settings (``PublicHolidayRules``): Tết and Hùng Kings' day from
    /// the lunar calendar, with
    ///
    /// - `VDXP_TET_DAYS_BEFORE`: how many of the 5 Tết days come before the first day of the lunar year, 0 to 4;
    ///   default 1;
    /// - `VDXP_PUBLIC_HOLIDAYS`: days off the annual notice adds besides the computed ones (a weekday swapped into a
    ///   long break);
    /// - `VDXP_EXTRA_WORKING_DAYS`: days the notice declares working days (Saturdays worked in compensation); they win
    ///   over weekends and computed holidays.
    ///
    /// Both lists are `yyyy-MM-dd`, comma- or space-separated.
    ///
    /// - Throws: ``SettingsError`` naming the setting and the entry that is not a date.
    public func publicHolidayRules() throws(SettingsError) -> PublicHolidayRules {
        let daysBeforeTet = try integer("TET_DAYS_BEFORE", default: 1, in: 0...(PublicHolidayRules.tetDays - 1))
        let additionalDaysOff: Set<CalendarDate>
        let workingDays: Set<CalendarDate>
        do {
            additionalDaysOff = try BusinessCalendar.parse(string("PUBLIC_HOLIDAYS", default: ""))
        } catch {
            throw SettingsError("VDXP_PUBLIC_HOLIDAYS: \(error.message)")
        }
        do {
            workingDays = try BusinessCalendar.parse(string("EXTRA_WORKING_DAYS", default: ""))
        } catch {
            throw SettingsError("VDXP_EXTRA_WORKING_DAYS: \(error.message)")
        }
        return PublicHolidayRules(
            daysBeforeTet: daysBeforeTet, additionalDaysOff: additionalDaysOff, workingDays: workingDays)
    }

    /// The Vietnamese business calendar of these settings for ``calendarYears``: weekends, the statutory holidays
    /// with Tết and Hùng Kings' day computed, days in lieu, and the days of ``publicHolidayRules()``. Central publishes
    /// it in the global configuration; the other services read it from there.
    ///
    /// - Throws: ``SettingsError`` naming the setting that cannot be read, or a day configured both off and working.
    public func businessCalendar() throws(SettingsError) -> BusinessCalendar {
        let rules = try publicHolidayRules()
        do {
            return try rules.calendar(years: Self.calendarYears)
        } catch {
            throw SettingsError("VDXP_PUBLIC_HOLIDAYS and VDXP_EXTRA_WORKING_DAYS: \(error.message)")
        }
    }
}
