import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Reads Report's figures (from `VDXP_READ_DATABASE_URL`): sums of the daily rollups by scope, period, dimension and
/// period length, percentiles over the deliveries, and rejection reasons. Nothing here rescans Exchange's tables.
struct FigureStore: Sendable {
    let database: Database
    let logger: Logger

    /// `sum(documents_sent)::int8, …` in `Measure.allCases` order.
    private static let sums = Measure.allCases.map { "coalesce(sum(\($0.rawValue)), 0)::int8" }
        .joined(separator: ", ")

    /// The rollup table that answers `query` with the fewest rows, and the conditions on it (a period that is not
    /// whole months but holds some is ``splitSource(_:byDocumentDimension:)``'s). When the period runs from the
    /// first of a month to the first of a later one: the monthly figures per member when neither a document
    /// filter nor a document dimension (`byDocumentDimension`, a breakdown by priority, type …) is asked for, the
    /// monthly figures per member and document dimensions otherwise; the daily figures for any other period.
    static func source(_ query: FigureQuery, byDocumentDimension: Bool = false) throws -> (
        table: String, conditions: FigureConditions
    ) {
        let monthly = PeriodStepper(granularity: .month)
        guard monthly.begins(on: query.from) && monthly.begins(on: query.to) else {
            return ("report.daily_figures", try FigureConditions(query, columns: .figures))
        }
        if query.hasDocumentFilter || byDocumentDimension {
            return (
                "report.monthly_dimension_figures", try FigureConditions(query, columns: .figures, period: "month")
            )
        }
        return (
            "report.monthly_figures", try FigureConditions(query, columns: .figures, dimensions: false, period: "month")
        )
    }

    /// The rollups that answer `query` as one row set when its period is not whole months but holds at least one
    /// (15 January to 14 April: February and March): the whole months from the monthly rollups (per member, or per
    /// member and document dimensions when `query` filters on them or `byDocumentDimension`), the days before the
    /// first whole month and from the last one on from the daily rollups — a quarter's summary then reads about
    /// three rows per member instead of ninety. Nil when the period holds no whole month or is whole months
    /// (``source(_:byDocumentDimension:)`` answers those). The row set has the scope columns (`organisation_id`,
    /// `level1_unit`, `member_kind`), the document dimensions when asked, and the counters; the conditions are all
    /// inside it.
    static func splitSource(_ query: FigureQuery, byDocumentDimension: Bool = false) throws -> (
        table: String, conditions: FigureConditions
    )? {
        let monthly = PeriodStepper(granularity: .month)
        if monthly.begins(on: query.from) && monthly.begins(on: query.to) { return nil }
        func monthStart(_ day: VietnamDay) -> VietnamDay {
            let (year, month, _) = day.components
            return VietnamDay(year: year, month: month, day: 1)
        }
        let first = monthly.begins(on: query.from) ? query.from : monthly.next(after: monthStart(query.from))
        let last = monthStart(query.to)
        guard first < last else { return nil }
        let dimensions = query.hasDocumentFilter || byDocumentDimension
        let columns =
            (["organisation_id", "level1_unit", "member_kind"]
            + (dimensions ? ["priority", "document_type", "business_type", "legal_value"] : [])
            + Measure.allCases.map(\.rawValue)).joined(separator: ", ")
        var months = query
        months.from = first
        months.to = last
        var conditions = FigureConditions()
        try conditions.append(months, columns: .figures, dimensions: dimensions, period: "month")
        let monthsSQL = conditions.sql
        conditions.removeClauses()
        try conditions.append(query, columns: .figures, dimensions: dimensions, period: nil)
        let (from, head, tail, to) = (
            conditions.bind(query.from.number), conditions.bind(first.number), conditions.bind(last.number),
            conditions.bind(query.to.number)
        )
        conditions.add(
            """
            ((day >= DATE '1970-01-01' + \(from) AND day < DATE '1970-01-01' + \(head))
             OR (day >= DATE '1970-01-01' + \(tail) AND day < DATE '1970-01-01' + \(to)))
            """)
        let daysSQL = conditions.sql
        conditions.removeClauses()
        let table = dimensions ? "report.monthly_dimension_figures" : "report.monthly_figures"
        return (
            """
            (SELECT \(columns) FROM \(table) WHERE \(monthsSQL)
             UNION ALL SELECT \(columns) FROM report.daily_figures WHERE \(daysSQL)) figures
            """, conditions
        )
    }

    /// The counters of `query`.
    func counts(_ query: FigureQuery) async throws -> Counts {
        let (table, conditions) = try Self.splitSource(query) ?? Self.source(query)
        let sql = "SELECT \(Self.sums) FROM \(table) WHERE \(conditions.sql)"
        for try await row in try await database.query(
            PostgresQuery(unsafeSQL: sql, binds: conditions.binds), logger: logger)
        {
            return try Self.counts(in: row, from: 0)
        }
        return Counts()
    }

    /// The counters of `query` grouped by `column` (a fixed column name of `report.daily_figures`), as text keys.
    func counts(_ query: FigureQuery, by column: String) async throws -> [(key: String, counts: Counts)] {
        let byDocumentDimension = !["organisation_id", "level1_unit", "member_kind"].contains(column)
        let (table, conditions) =
            try Self.splitSource(query, byDocumentDimension: byDocumentDimension)
            ?? Self.source(query, byDocumentDimension: byDocumentDimension)
        let sql = """
            SELECT \(column)::text, \(Self.sums) FROM \(table) WHERE \(conditions.sql)
            GROUP BY \(column) ORDER BY \(column)
            """
        var rows: [(String, Counts)] = []
        for try await row in try await database.query(
            PostgresQuery(unsafeSQL: sql, binds: conditions.binds), logger: logger)
        {
            let cells = row.makeRandomAccess()
            rows.append((try cells[0].decode(String.self), try Self.counts(in: row, from: 1)))
        }
        return rows
    }

    /// The counters of `query` per period starting on the day `truncation` (`week`, `month`, `quarter`, `year`;
    /// nil for days) gives, keyed by that first day.
    func counts(_ query: FigureQuery, per truncation: String?) async throws -> [VietnamDay: Counts] {
        // Months, quarters and years are sums of whole months: the monthly rollups answer them when they can.
        let (table, conditions) =
            try ["month", "quarter", "year"].contains(truncation ?? "")
            ? Self.source(query) : ("report.daily_figures", FigureConditions(query, columns: .figures))
        let column = table == "report.daily_figures" ? "day" : "month"
        let period =
            truncation.map { "(date_trunc('\($0)', \(column)::timestamp)::date - DATE '1970-01-01')" }
            ?? "(\(column) - DATE '1970-01-01')"
        let sql = """
            SELECT \(period)::int4, \(Self.sums) FROM \(table) WHERE \(conditions.sql) GROUP BY 1
            """
        var points: [VietnamDay: Counts] = [:]
        for try await row in try await database.query(
            PostgresQuery(unsafeSQL: sql, binds: conditions.binds), logger: logger)
        {
            let cells = row.makeRandomAccess()
            points[VietnamDay(number: try cells[0].decode(Int32.self))] = try Self.counts(in: row, from: 1)
        }
        return points
    }

    /// The 50th, 90th and 99th percentiles of the times from acceptance to 01, 03 and 06 over the deliveries to
    /// `query`'s members.
    func durations(_ query: FigureQuery) async throws -> [Vdxp_Report_V1_DurationPercentiles] {
        let conditions = try FigureConditions(query, columns: .deliveries)
        let milestones = ["arrival_time", "registration_time", "completion_time"]
        let columns = milestones.map {
            """
            count(\($0))::int8, percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY
                extract(epoch FROM \($0) - accept_time)::float8) FILTER (WHERE \($0) IS NOT NULL)
            """
        }.joined(separator: ", ")
        let sql = "SELECT \(columns) FROM report.deliveries WHERE \(conditions.sql)"
        var result: [Vdxp_Report_V1_DurationPercentiles] = []
        for try await row in try await database.query(
            PostgresQuery(unsafeSQL: sql, binds: conditions.binds), logger: logger)
        {
            let cells = row.makeRandomAccess()
            for index in milestones.indices {
                let count = try cells[index * 2].decode(Int64.self)
                let values = try cells[index * 2 + 1].decode([Double]?.self) ?? []
                result.append(
                    .with {
                        $0.count = count
                        if values.count == 3 {
                            $0.p50 = .init(rounding: max(values[0], 0))
                            $0.p90 = .init(rounding: max(values[1], 0))
                            $0.p99 = .init(rounding: max(values[2], 0))
                        }
                    })
            }
        }
        return result
    }

    /// The `limit` most frequent rejection reasons of `query`'s members, each shown as first written.
    func rejectionReasons(_ query: FigureQuery, limit: Int) async throws -> [(reason: String, count: Int64)] {
        let conditions = try FigureConditions(query, columns: .figures, dimensions: false)
        var binds = conditions.binds
        binds.append(Int64(limit))
        let sql = """
            SELECT (array_agg(reason ORDER BY day, organisation_id))[1], sum(count)::int8
            FROM report.rejection_reasons WHERE \(conditions.sql)
            GROUP BY reason_key ORDER BY 2 DESC, 1 LIMIT $\(binds.count)
            """
        var reasons: [(String, Int64)] = []
        for try await (reason, count) in try await database.query(
            PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger
        ).decode((String, Int64).self) {
            reasons.append((reason, count))
        }
        return reasons
    }

    /// The counters in `row` from column `first` on.
    private static func counts(in row: PostgresRow, from first: Int) throws -> Counts {
        let cells = row.makeRandomAccess()
        var counts = Counts()
        for index in counts.values.indices { counts.values[index] = try cells[first + index].decode(Int64.self) }
        return counts
    }
}
