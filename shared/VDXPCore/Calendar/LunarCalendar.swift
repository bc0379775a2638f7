import Foundation

/// The Vietnamese lunisolar calendar (âm lịch), computed astronomically at a fixed offset from UTC — UTC+07:00 in
/// Vietnam — so that Tết and Hùng Kings' Commemoration Day need no yearly hand edit.
///
/// A lunar month begins on the day (at the offset) of a new moon; month 11 is the month that contains the winter
/// solstice; a year of 13 months between two months 11 repeats, as a leap month, the first month that contains no
/// major solar term (trung khí). The new moons follow Meeus, *Astronomical Algorithms* (2nd ed., ch. 49, with the
/// main periodic terms), the Sun's apparent longitude Meeus ch. 25 (low precision), the day boundaries the offset —
/// the arrangement of Hồ Ngọc Đức's published Vietnamese calendar algorithm. The offset matters: China's calendar,
/// computed at UTC+08:00, puts some new moons on the next day, and Tết 1985 fell a month apart (Vietnam 21 January,
/// China 20 February), Tết 2007 a day apart (17 and 18 February).
///
/// ```swift
/// LunarCalendar.vietnam.solarDate(lunarYear: 2026, month: 1, day: 1)   // 2026-02-17, Tết
/// LunarCalendar.vietnam.solarDate(lunarYear: 2026, month: 3, day: 10)  // 2026-04-26, Hùng Kings' day
/// ```
///
/// Pure arithmetic: it never reads the clock. Good for 1900 to 2199 (the ΔT approximation and the periodic terms
/// kept are accurate to minutes there; a new moon within minutes of midnight at the offset could fall either way).
public struct LunarCalendar: Hashable, Sendable {
    /// Vietnam's lunar calendar: computed at UTC+07:00 (``CalendarDate/vietnamUTCOffsetSeconds``).
    public static let vietnam = LunarCalendar(utcOffsetHours: 7)

    /// The offset from UTC, in hours, at which days begin for this calendar: 7 in Vietnam, 8 in China.
    public let utcOffsetHours: Double

    /// Creates the lunar calendar computed at `utcOffsetHours` from UTC.
    ///
    /// - Parameter utcOffsetHours: 7 for Vietnam, 8 for China.
    public init(utcOffsetHours: Double) {
        self.utcOffsetHours = utcOffsetHours
    }

    /// The solar (Gregorian) day of `day` of lunar `month` of lunar year `lunarYear` (the year whose month 1 begins
    /// in Gregorian year `lunarYear`), or `nil` when there is no such day: `isLeapMonth` for a month that is not
    /// leap that year, or a day past the month's end (a lunar month has 29 or 30 days).
    ///
    /// - Parameters:
    ///   - lunarYear: The lunar year, 1900 to 2199.
    ///   - month: The lunar month, 1 to 12.
    ///   - day: The day of the lunar month, 1 to 30.
    ///   - isLeapMonth: True for the leap month repeating `month`.
    public func solarDate(lunarYear: Int, month: Int, day: Int, isLeapMonth: Bool = false) -> CalendarDate? {
        guard (1...12).contains(month), (1...30).contains(day), (1900...2199).contains(lunarYear) else {
            return nil
        }
        let (a11, b11) =
            month < 11
            ? (self.month11Start(gregorianYear: lunarYear - 1), self.month11Start(gregorianYear: lunarYear))
            : (self.month11Start(gregorianYear: lunarYear), self.month11Start(gregorianYear: lunarYear + 1))
        let k = Int((0.5 + Double(a11 - Self.epochDay) / Self.synodicMonth).rounded(.down))
        var offset = (month - 11 + 12) % 12
        if b11 - a11 > 365 {
            let leapOffset = self.leapMonthOffset(month11Start: a11)
            let leapMonth = (leapOffset - 2 + 12) % 12
            if isLeapMonth && month != leapMonth {
                return nil
            }
            if isLeapMonth || offset >= leapOffset {
                offset += 1
            }
        } else if isLeapMonth {
            return nil
        }
        let start = self.newMoonDay(k + offset)
        let next = self.newMoonDay(k + offset + 1)
        guard start + day - 1 < next else {
            return nil
        }
        return Self.date(julianDay: start + day - 1)
    }

    /// Tết Nguyên Đán, the first day of the first lunar month, in Gregorian `year`.
    ///
    /// - Parameter year: The Gregorian year, 1900 to 2199.
    public func tet(year: Int) -> CalendarDate? {
        self.solarDate(lunarYear: year, month: 1, day: 1)
    }

    /// Hùng Kings' Commemoration Day (Giỗ Tổ Hùng Vương), the 10th day of the 3rd lunar month, in Gregorian `year`.
    ///
    /// - Parameter year: The Gregorian year, 1900 to 2199.
    public func hungKingsDay(year: Int) -> CalendarDate? {
        self.solarDate(lunarYear: year, month: 3, day: 10)
    }

    // MARK: - Astronomy

    /// The mean synodic month, in days.
    static let synodicMonth = 29.530588853

    /// The Julian day number of the new moon of 1900-01-01 (k = 0), as a day count.
    static let epochDay = 2_415_021

    /// The Julian day number of 1970-01-01.
    static let unixEpochJulianDay = 2_440_588

    /// The Julian Ephemeris Day of the `k`-th new moon after that of 1900-01-01 (Meeus ch. 49, main terms), corrected
    /// to Universal Time.
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  // the Sun's mean anomaly
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  // the Moon's mean anomaly
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  // the Moon's argument of latitude
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
        c1 = c1 - 0.0004 * sin(dr * 3 * mpr)
        c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        // ΔT (TT − UT), in days.
        let deltaT =
            t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd1 + c1 - deltaT
    }

    /// The Sun's apparent longitude at Julian day `jdn` (Meeus ch. 25, low precision), in radians, 0 to 2π.
    static func sunLongitude(_ jdn: Double) -> Double {
        let t = (jdn - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2  // mean anomaly
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2  // mean longitude
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        let l = (l0 + dl) * dr
        return l - 2 * Double.pi * (l / (2 * Double.pi)).rounded(.down)
    }

    /// The day number (Julian day at the offset) on which the `k`-th new moon falls.
    func newMoonDay(_ k: Int) -> Int {
        Int((Self.newMoon(k) + 0.5 + self.utcOffsetHours / 24).rounded(.down))
    }

    /// Which twelfth of the ecliptic (0 to 11, each a major solar term's sector) the Sun is in at the start of day
    /// `dayNumber` at the offset.
    func sunSector(dayNumber: Int) -> Int {
        let longitude = Self.sunLongitude(Double(dayNumber) - 0.5 - self.utcOffsetHours / 24)
        return Int((longitude / Double.pi * 6).rounded(.down))
    }

    /// The day number on which lunar month 11 — the month containing the winter solstice — begins in Gregorian
    /// `gregorianYear`.
    func month11Start(gregorianYear: Int) -> Int {
        let offset = Self.julianDay(CalendarDate(year: gregorianYear, month: 12, day: 31)!) - Self.epochDay
        let k = Int((Double(offset) / Self.synodicMonth).rounded(.down))
        let newMoon = self.newMoonDay(k)
        // The solstice is at 270°, sector 9: a new moon already past it starts month 12, so month 11 began earlier.
        return self.sunSector(dayNumber: newMoon) >= 9 ? self.newMoonDay(k - 1) : newMoon
    }

    /// In a 13-month year starting with month 11 on `month11Start`, the offset (in months, from it) of the leap
    /// month: the first month during which the Sun enters no new sector.
    func leapMonthOffset(month11Start a11: Int) -> Int {
        let k = Int(((Double(a11) - 2_415_021.076998695) / Self.synodicMonth + 0.5).rounded(.down))
        var i = 1
        var sector = self.sunSector(dayNumber: self.newMoonDay(k + i))
        var last = 0
        repeat {
            last = sector
            i += 1
            sector = self.sunSector(dayNumber: self.newMoonDay(k + i))
        } while sector != last && i < 14
        return i - 1
    }

    /// The Julian day number of `date`.
    static func julianDay(_ date: CalendarDate) -> Int {
        date.daysSinceUnixEpoch + Self.unixEpochJulianDay
    }

    /// The date of Julian day number `julianDay`.
    static func date(julianDay: Int) -> CalendarDate {
        CalendarDate(year: 1970, month: 1, day: 1)!.addingDays(julianDay - Self.unixEpochJulianDay)
    }
}
