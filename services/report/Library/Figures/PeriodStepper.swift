import SwiftProtobuf
import VDXPProto

/// The periods of a time series in Vietnam time: where each begins, and whether a day begins one.
struct PeriodStepper: Sendable {
    /// Days, ISO weeks, months, quarters or years.
    let granularity: Vdxp_Report_V1_Granularity

    /// The SQL `date_trunc` unit of the granularity; nil for days.
    var truncation: String? {
        switch granularity {
        case .week: "week"
        case .month: "month"
        case .quarter: "quarter"
        case .year: "year"
        default: nil
        }
    }

    /// Whether a period begins on `day`.
    func begins(on day: VietnamDay) -> Bool {
        let (_, month, dayOfMonth) = day.components
        switch granularity {
        case .week: return (Int(day.number) + 3) % 7 == 0  // 1970-01-05 (day 4) was a Monday.
        case .month: return dayOfMonth == 1
        case .quarter: return dayOfMonth == 1 && (month - 1) % 3 == 0
        case .year: return dayOfMonth == 1 && month == 1
        default: return true
        }
    }

    /// The first day of the period after the one beginning on `day`.
    func next(after day: VietnamDay) -> VietnamDay {
        let (year, month, _) = day.components
        switch granularity {
        case .week: return VietnamDay(number: day.number + 7)
        case .month:
            return month == 12
                ? VietnamDay(year: year + 1, month: 1, day: 1) : VietnamDay(year: year, month: month + 1, day: 1)
        case .quarter:
            return month >= 10
                ? VietnamDay(year: year + 1, month: 1, day: 1) : VietnamDay(year: year, month: month + 3, day: 1)
        case .year: return VietnamDay(year: year + 1, month: 1, day: 1)
        default: return VietnamDay(number: day.number + 1)
        }
    }

    /// The first days of the periods from `from` to before `to`.
    func starts(from: VietnamDay, to: VietnamDay) -> [VietnamDay] {
        var days: [VietnamDay] = []
        var day = from
        while day < to && days.count <= 1_000 {
            days.append(day)
            day = next(after: day)
        }
        return days
    }
}
