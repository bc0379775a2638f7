import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPProto
import VDXPRuntime

extension ReportHandlers {
    func exportCsv(
        request: Vdxp_Report_V1_ExportCsvRequest, response: RPCWriter<Vdxp_Report_V1_FileChunk>,
        context: ServerContext
    ) async throws {
        let data: Data
        let name: String
        switch request.table {
        case .breakdown(let request):
            let table = try await breakdown(request, prefix: "breakdown.", everyRow: true)
            data = CsvTable.breakdown(table)
            name = "bao-cao-\(Self.dimensionSlug(request.dimension)).csv"
        case .timeSeries(let series):
            let points = try await timeSeries(series, prefix: "time_series.")
            data = CsvTable.timeSeries(points)
            name = "bao-cao-theo-\(Self.periodName(series.granularity)).csv"
        case nil:
            throw ReportError.invalidField(
                field: "table", message: "give a breakdown or a time_series to export")
        }
        try await response.write(
            contentsOf: FileChunks.chunks(of: data, mediaType: "text/csv; charset=utf-8", fileName: name))
    }

    /// `theo-tinh` … for file names.
    static func dimensionSlug(_ dimension: Vdxp_Report_V1_Dimension) -> String {
        switch dimension {
        case .level1Unit: "don-vi-cap-1"
        case .member: "thanh-vien"
        case .memberKind: "loai-thanh-vien"
        case .priority: "do-khan"
        case .documentType: "loai-van-ban"
        case .businessType: "nghiep-vu"
        case .legalValue: "gia-tri-phap-ly"
        default: "bang"
        }
    }

    func renderQuarterlyReport(
        request: Vdxp_Report_V1_RenderQuarterlyReportRequest, response: RPCWriter<Vdxp_Report_V1_FileChunk>,
        context: ServerContext
    ) async throws {
        guard request.year >= 2019 && request.year <= 9_998 else {
            throw ReportError.invalidField(field: "year", message: "year is \(request.year): give 2019 or later")
        }
        guard (1...4).contains(request.quarter) else {
            throw ReportError.invalidField(field: "quarter", message: "quarter is \(request.quarter): give 1 to 4")
        }
        let year = Int(request.year)
        let quarter = Int(request.quarter)
        let from = VietnamDay(year: year, month: (quarter - 1) * 3 + 1, day: 1)
        let to =
            quarter == 4
            ? VietnamDay(year: year + 1, month: 1, day: 1) : VietnamDay(year: year, month: quarter * 3 + 1, day: 1)
        let query = try FigureQuery(scope: request.scope, caller: caller, from: from, to: to)
        let total = try await measures(query)
        // Weeks overlapping the quarter, counted within it.
        let firstMonday = VietnamDay(number: from.number - Int32((Int(from.number) + 3) % 7))
        var weeks: [Vdxp_Report_V1_SeriesPoint] = []
        let weekly = try await figures.counts(query, per: "week")
        var monday = firstMonday
        while monday < to {
            weeks.append(
                .with {
                    $0.periodStart = .init(date: max(monday, from).start)
                    $0.measures = (weekly[monday] ?? Counts()).proto
                })
            monday = VietnamDay(number: monday.number + 7)
        }
        let units = try await figures.counts(query, by: "level1_unit").sorted {
            Self.ranks($0.counts, before: $1.counts, by: .documentsSent, keys: ($0.key, $1.key))
        }
        func row(_ key: String, _ counts: Counts, _ dimension: Vdxp_Report_V1_Dimension) -> Vdxp_Report_V1_BreakdownRow
        {
            .with {
                $0.key = key
                $0.label = label(key, dimension: dimension)
                $0.measures = counts.proto
            }
        }
        let operation = try await operationFigures(query)
        let unitOperation = try await operationFigures(query, by: "level1_unit")
        let hasOperation = operation.missing.count < OperationSourceStore.Source.allCases.count
        func unitRow(_ key: String, _ counts: Counts) -> Vdxp_Report_V1_BreakdownRow {
            var unit = row(key, counts, .level1Unit)
            if hasOperation { unit.operation = unitOperation.figures[key] ?? .init() }
            return unit
        }
        let sections = QuarterlyReportPage.sections(of: units.map { unitRow($0.key, $0.counts) })
        let priorities = try await figures.counts(query, by: "priority").map { row($0.key, $0.counts, .priority) }
        let reasons = try await figures.rejectionReasons(query, limit: 10).map { reason in
            Vdxp_Report_V1_RejectionReason.with {
                $0.reason = reason.reason
                $0.count = reason.count
            }
        }
        let position = try await cursor.position()
        let scopeLabel: String =
            if let organisation = query.organisationID { name(of: organisation) } else if let unit = query.level1Unit {
                name(ofLevel1Unit: unit)
            } else { "Toàn hệ thống" }
        let page = QuarterlyReportPage(
            year: year, quarter: quarter, scopeLabel: scopeLabel, total: total, weeks: weeks,
            ministries: sections.ministries, provinces: sections.provinces, others: sections.others,
            priorities: priorities, reasons: reasons,
            operation: hasOperation ? operation.figures[""] ?? .init() : nil, sourcesMissing: operation.missing,
            lastSequence: position.sequence,
            lastEventTime: position.eventTime, generatedAt: Date())
        try await response.write(
            contentsOf: FileChunks.chunks(
                of: Data(page.html().utf8), mediaType: "text/html; charset=utf-8", fileName: page.fileName))
    }
}
