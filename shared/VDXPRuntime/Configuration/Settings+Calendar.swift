public import VDXPCore

extension Settings {
    /// The Vietnamese business calendar of these settings: weekends, the Labour Code's fixed solar holidays for 2000
    /// to 2100, the days of `VDXP_PUBLIC_HOLIDAYS` (Tết, Hùng Kings' day, days in lieu) and, as working days, those of
    /// `VDXP_EXTRA_WORKING_DAYS` (Saturdays worked in compensation). Both lists are `yyyy-MM-dd`, comma- or
    /// space-separated.
    ///
    /// - Throws: ``SettingsError`` naming the setting and the entry that is not a date.
    public func businessCalendar() throws(SettingsError) -> BusinessCalendar {
        var holidays = Set((2000...2100).flatMap { BusinessCalendar.fixedSolarHolidays(year: $0) })
        let extraWorkingDays: Set<CalendarDate>
        do {
            holidays.formUnion(try BusinessCalendar.parse(string("PUBLIC_HOLIDAYS", default: "")))
        } catch {
            throw SettingsError("VDXP_PUBLIC_HOLIDAYS: \(error.message)")
        }
        do {
            extraWorkingDays = try BusinessCalendar.parse(string("EXTRA_WORKING_DAYS", default: ""))
        } catch {
            throw SettingsError("VDXP_EXTRA_WORKING_DAYS: \(error.message)")
        }
        return BusinessCalendar(holidays: holidays, extraWorkingDays: extraWorkingDays)
    }
}
