import Foundation
import SwiftProtobuf
import VDXPProto

/// A breakdown or time series as CSV (RFC 4180): UTF-8 with a byte-order mark so that spreadsheet programs read
/// Vietnamese correctly, one header line, `\r\n` line ends, fields quoted when they hold a comma, quote or line end.
enum CsvTable {
    /// The counter columns, in `Measures` order, after the key columns.
    static let measureColumns =
        Measure.allCases.map(\.rawValue) + [
            "arrival_p50_seconds", "registration_p50_seconds", "completion_p50_seconds",
        ]

    /// The ticket categories with a met-rate column of their own, each under its clock of Art. 18.2.
    static let ticketCategories: [(Vdxp_Ticket_V1_TicketCategory, String)] = [
        (.providedService, "provided_service"), (.connection, "connection"), (.account, "account"), (.other, "other"),
    ]

    /// The connection and SLA columns of a breakdown by member or level-1 unit (`OperationFigures`).
    static let operationColumns =
        ["connection_uptime", "tickets_received", "ticket_sla_met_rate"]
        + ticketCategories.map { "ticket_sla_met_rate_\($0.1)" }

    /// The CSV of a breakdown: `key,label,` and the measures, one line per row; for a breakdown by member or level-1
    /// unit with Monitoring's or Ticket's figures, then the uptime (0 to 1), the tickets received, the SLA met rate
    /// (0 to 1), and the met rate of each category's own clock (empty when that category had no decided ticket).
    static func breakdown(_ breakdown: Vdxp_Report_V1_Breakdown) -> Data {
        let operation = breakdown.hasOperationTotal
        var lines = [(["key", "label"] + measureColumns + (operation ? operationColumns : [])).joined(separator: ",")]
        for row in breakdown.rows {
            let figures =
                operation
                ? [
                    String(format: "%.4f", row.operation.connectionUptime), String(row.operation.ticketsReceived),
                    String(format: "%.4f", row.operation.ticketSlaMetRate),
                ] + categoryRates(row.operation) : []
            lines.append(
                ([field(row.key), field(row.label)] + values(row.measures) + figures).joined(separator: ","))
        }
        return file(lines)
    }

    /// The met rate of each of ``ticketCategories`` in `operation`; empty for a category with no decided ticket.
    static func categoryRates(_ operation: Vdxp_Report_V1_OperationFigures) -> [String] {
        ticketCategories.map { category, _ in
            guard let figures = operation.ticketsByCategory.first(where: { $0.category == category }),
                figures.received > figures.open
            else { return "" }
            return String(format: "%.4f", figures.slaMetRate)
        }
    }

    /// The CSV of a time series: `period_start` (a Vietnam date, `2026-07-01`) and the measures, one line per period.
    static func timeSeries(_ series: Vdxp_Report_V1_TimeSeries) -> Data {
        var lines = [(["period_start"] + measureColumns).joined(separator: ",")]
        for point in series.points {
            let day = VietnamDay(containing: point.periodStart.date)
            lines.append(([day.description] + values(point.measures)).joined(separator: ","))
        }
        return file(lines)
    }

    /// The measures of one line.
    static func values(_ measures: Vdxp_Report_V1_Measures) -> [String] {
        let counts = [
            measures.documentsSent, measures.documentsReceived, measures.sentOnTime, measures.sentLate,
            measures.failedDeliveries, measures.failuresHandledSameDay, measures.withStatusArrived,
            measures.withStatusRegistered, measures.withStatusAssigned, measures.withStatusProcessing,
            measures.withStatusCompleted,
            measures.rejected, measures.retracted, measures.revoked, measures.updated, measures.replaced,
            measures.overdue,
        ].map { String($0) }
        let medians = [measures.timeToArrival, measures.timeToRegistration, measures.timeToCompletion].map {
            $0.count == 0 ? "" : String(format: "%.0f", $0.p50.timeInterval)
        }
        return counts + medians
    }

    /// A text `value` (a key or a label: a member's document type name is any text it sent), quoted when it must
    /// be. One that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) is
    /// written after an apostrophe, as text (OWASP's "CSV injection").
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The file: the byte-order mark, then the lines.
    static func file(_ lines: [String]) -> Data {
        Data([0xEF, 0xBB, 0xBF]) + Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
