import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPProto
import VDXPRuntime

extension ReportHandlers {
    func getSummary(
        request: Vdxp_Report_V1_GetSummaryRequest, context: ServerContext
    ) async throws -> Vdxp_Report_V1_Summary {
        let query = try FigureQuery(
            scope: request.scope, start: request.hasStartTime ? request.startTime : nil,
            end: request.hasEndTime ? request.endTime : nil, filter: request.filter, caller: caller)
        let measures = try await measures(query)
        let operation = try await operationFigures(query)
        return .with {
            $0.scope = query.scope
            $0.startTime = .init(date: query.from.start)
            $0.endTime = .init(date: query.to.start)
            $0.measures = measures
            if operation.missing.count < OperationSourceStore.Source.allCases.count {
                $0.operation = operation.figures[""] ?? .init()
            }
            $0.sourcesMissing = operation.missing
        }
    }

    /// The counters and percentiles of `query`.
    func measures(_ query: FigureQuery) async throws -> Vdxp_Report_V1_Measures {
        var measures = try await figures.counts(query).proto
        let durations = try await figures.durations(query)
        if durations.count == 3 {
            measures.timeToArrival = durations[0]
            measures.timeToRegistration = durations[1]
            measures.timeToCompletion = durations[2]
        }
        return measures
    }

    func getTimeSeries(
        request: Vdxp_Report_V1_GetTimeSeriesRequest, context: ServerContext
    ) async throws -> Vdxp_Report_V1_TimeSeries {
        try await timeSeries(request)
    }

    /// The points of `request`, one per period, zeros included.
    func timeSeries(
        _ request: Vdxp_Report_V1_GetTimeSeriesRequest, prefix: String = ""
    ) async throws -> Vdxp_Report_V1_TimeSeries {
        let query = try FigureQuery(
            scope: request.scope, start: request.hasStartTime ? request.startTime : nil,
            end: request.hasEndTime ? request.endTime : nil, filter: request.filter, caller: caller, field: prefix)
        let stepper = PeriodStepper(granularity: request.granularity)
        switch request.granularity {
        case .day, .week, .month, .quarter, .year: break
        case .unspecified, .UNRECOGNIZED:
            throw ReportError.invalidField(
                field: prefix + "granularity", message: "granularity is required: DAY, WEEK, MONTH, QUARTER or YEAR")
        }
        guard stepper.begins(on: query.from) else {
            throw ReportError.invalidField(
                field: prefix + "start_time",
                message: "start_time \(query.from) does not begin a \(Self.periodName(request.granularity)) in "
                    + "Vietnam time: weeks begin on Monday, months on the 1st, quarters on 1 January, April, July, "
                    + "October, years on 1 January")
        }
        let starts = stepper.starts(from: query.from, to: query.to)
        guard starts.count <= 1_000 else {
            throw ReportError.invalidField(
                field: prefix + "end_time",
                message: "the series would have more than 1,000 points: ask for a shorter period or a longer "
                    + "granularity")
        }
        let counts = try await figures.counts(query, per: stepper.truncation)
        return .with { series in
            series.points = starts.map { day in
                .with {
                    $0.periodStart = .init(date: day.start)
                    $0.measures = (counts[day] ?? Counts()).proto
                }
            }
        }
    }

    /// "day", "week" … for messages.
    static func periodName(_ granularity: Vdxp_Report_V1_Granularity) -> String {
        switch granularity {
        case .week: "week"
        case .month: "month"
        case .quarter: "quarter"
        case .year: "year"
        default: "day"
        }
    }

    /// The most rows of a breakdown answer with `limit` 0: one message stays well under 4 MiB.
    static let maximumBreakdownRows = 1_000

    func getBreakdown(
        request: Vdxp_Report_V1_GetBreakdownRequest, context: ServerContext
    ) async throws -> Vdxp_Report_V1_Breakdown {
        try await breakdown(request)
    }

    /// The rows of `request`, ranked and cut to its limit, with the scope's total. `limit` 0 means at most
    /// ``maximumBreakdownRows`` in an answer (one message), and every row in a CSV file (`everyRow`: streamed in
    /// chunks, so a breakdown of 10,000 members by member is whole).
    func breakdown(
        _ request: Vdxp_Report_V1_GetBreakdownRequest, prefix: String = "", everyRow: Bool = false
    ) async throws -> Vdxp_Report_V1_Breakdown {
        let query = try FigureQuery(
            scope: request.scope, start: request.hasStartTime ? request.startTime : nil,
            end: request.hasEndTime ? request.endTime : nil, filter: request.filter, caller: caller, field: prefix)
        guard (0...1_000).contains(request.limit) else {
            throw ReportError.invalidField(
                field: prefix + "limit", message: "limit is \(request.limit): give 1 to 1,000, or 0 for all")
        }
        let column: String
        switch request.dimension {
        case .level1Unit: column = "level1_unit"
        case .member: column = "organisation_id"
        case .memberKind: column = "member_kind"
        case .priority: column = "priority"
        case .documentType: column = "document_type"
        case .businessType: column = "business_type"
        case .legalValue: column = "legal_value"
        case .unspecified, .UNRECOGNIZED:
            throw ReportError.invalidField(
                field: prefix + "dimension",
                message: "dimension is required: LEVEL1_UNIT, MEMBER, MEMBER_KIND, PRIORITY, DOCUMENT_TYPE, "
                    + "BUSINESS_TYPE or LEGAL_VALUE")
        }
        if case .UNRECOGNIZED(let value) = request.rankBy {
            throw ReportError.invalidField(
                field: prefix + "rank_by", message: "rank_by \(value) is not a ranking: see RankBy")
        }
        var rows = try await figures.counts(query, by: column).map { row in
            (key: Self.key(row.key, dimension: request.dimension), counts: row.counts)
        }
        // Connections and tickets have members and level-1 units, not document dimensions.
        let group: String? =
            switch request.dimension {
            case .member: "organisation_id"
            case .level1Unit: "level1_unit"
            default: nil
            }
        var operation: (figures: [String: Vdxp_Report_V1_OperationFigures], missing: [String])?
        var operationTotal: (figures: [String: Vdxp_Report_V1_OperationFigures], missing: [String])?
        if let group {
            let figures = try await operationFigures(query, by: group)
            operation = figures
            operationTotal = try await operationFigures(query)
            // A member or unit with connections or tickets but no document in the period still has a row.
            let keys = Set(rows.map(\.key))
            rows += figures.figures.keys.filter { !keys.contains($0) && !$0.isEmpty }.map { ($0, Counts()) }
        }
        rows.sort { Self.ranks($0.counts, before: $1.counts, by: request.rankBy, keys: ($0.key, $1.key)) }
        let limit = request.limit != 0 ? Int(request.limit) : everyRow ? rows.count : Self.maximumBreakdownRows
        // The total is the sum of the rollups; the percentiles, which need the deliveries themselves, are
        // GetSummary's alone, so that a breakdown never reads more than rollup rows.
        let total = try await figures.counts(query).proto
        return .with { breakdown in
            breakdown.rows = rows.prefix(limit).map { row in
                .with {
                    $0.key = row.key
                    $0.label = label(row.key, dimension: request.dimension)
                    $0.measures = row.counts.proto
                    if let operation, operation.missing.count < OperationSourceStore.Source.allCases.count {
                        $0.operation = operation.figures[row.key] ?? .init()
                    }
                }
            }
            breakdown.total = total
            if let operationTotal {
                breakdown.sourcesMissing = operationTotal.missing
                if operationTotal.missing.count < OperationSourceStore.Source.allCases.count {
                    breakdown.operationTotal = operationTotal.figures[""] ?? .init()
                }
            }
        }
    }

    /// The contract's key for a grouped value: enum names for enums, the text otherwise.
    static func key(_ value: String, dimension: Vdxp_Report_V1_Dimension) -> String {
        guard let number = Int(value) else { return value }
        switch dimension {
        case .memberKind: return ReportLabels.memberKindNames[number] ?? value
        case .businessType: return ReportLabels.businessTypeNames[number] ?? value
        case .legalValue: return ReportLabels.legalValueNames[number] ?? value
        default: return value
        }
    }

    /// A label for people.
    func label(_ key: String, dimension: Vdxp_Report_V1_Dimension) -> String {
        switch dimension {
        case .member: name(of: key)
        case .level1Unit: name(ofLevel1Unit: key)
        case .priority: ReportLabels.priority(key)
        case .memberKind: ReportLabels.memberKind(key)
        case .businessType: ReportLabels.businessType(key)
        case .legalValue: ReportLabels.legalValue(key)
        default: key
        }
    }

    /// Whether a row with `lhs` comes before one with `rhs` in ranking `rankBy` (ties by key).
    static func ranks(
        _ lhs: Counts, before rhs: Counts, by rankBy: Vdxp_Report_V1_RankBy, keys: (String, String)
    ) -> Bool {
        guard let left = rankValue(lhs, by: rankBy), let right = rankValue(rhs, by: rankBy), left != right else {
            return keys.0 < keys.1
        }
        return left > right
    }

    /// The value a ranking orders by, highest first; nil for the key order.
    static func rankValue(_ counts: Counts, by rankBy: Vdxp_Report_V1_RankBy) -> Double? {
        switch rankBy {
        case .documentsSent: Double(counts[.documentsSent])
        case .documentsReceived: Double(counts[.documentsReceived])
        case .lateRate: counts.lateRate
        case .failedDeliveries: Double(counts[.failedDeliveries])
        case .overdue: Double(counts[.overdue])
        case .key, .UNRECOGNIZED: nil
        }
    }

    func listRejectionReasons(
        request: Vdxp_Report_V1_ListRejectionReasonsRequest, context: ServerContext
    ) async throws -> Vdxp_Report_V1_ListRejectionReasonsResponse {
        let query = try FigureQuery(
            scope: request.scope, start: request.hasStartTime ? request.startTime : nil,
            end: request.hasEndTime ? request.endTime : nil, filter: .init(), caller: caller)
        guard (0...100).contains(request.limit) else {
            throw ReportError.invalidField(
                field: "limit", message: "limit is \(request.limit): give 1 to 100, or 0 for 20")
        }
        let reasons = try await figures.rejectionReasons(query, limit: request.limit == 0 ? 20 : Int(request.limit))
        return .with { response in
            response.reasons = reasons.map { reason in
                .with {
                    $0.reason = reason.reason
                    $0.count = reason.count
                }
            }
        }
    }
}
