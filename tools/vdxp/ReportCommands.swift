import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import VDXPClient
import VDXPProto
import VDXPRuntime

/// `vdxp report …`: the platform's figures (QĐ 28 Art. 11.1, 21.2–21.3): a summary, a breakdown or time series as
/// CSV, the quarterly report as one HTML page, and the projection's progress. Acts as the operator, or through a
/// member's connection (`--as`), which sees only its own figures.
///
/// ```sh
/// vdxp report summary --from 2026-07-01 --to 2026-10-01
/// vdxp report csv --by level1-unit --from 2026-07-01 --to 2026-10-01 --output tinh.csv
/// vdxp report csv --series month --from 2026-01-01 --to 2027-01-01 --output thang.csv
/// vdxp report quarterly --year 2026 --quarter 3 --output bao-cao-quy-3-2026.html
/// vdxp report status
/// vdxp report rebuild
/// ```
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The platform's figures: summary, CSV exports, the quarterly report (QĐ 28 Art. 11.1).",
        subcommands: [Summary.self, Csv.self, Quarterly.self, Status.self, Rebuild.self])

    /// Who calls, and whose figures.
    struct Caller: ParsableArguments {
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: "Call through this member's connection certificate, or as auditor:<name> (default: the operator).")
        var member: String?

        func call<Result: Sendable>(
            _ body:
                @Sendable @escaping (Vdxp_Report_V1_ReportService.Client<HTTP2ClientTransport.Posix>) async throws ->
                Result
        ) async throws -> Result {
            let cluster = try options.load()
            return try await cluster.client("report", as: member).report(body)
        }
    }

    /// The scope and period of a request.
    struct Period: ParsableArguments {
        @Option(help: "The first day counted, in Vietnam time (YYYY-MM-DD).") var from: String
        @Option(help: "The day after the last one counted (YYYY-MM-DD).") var to: String
        @Option(help: "One member's figures (its organisation id).") var member: String = ""
        @Option(help: "One ministry's or province's figures (its level-1 code, e.g. H29).") var unit: String = ""

        var scope: Vdxp_Report_V1_Scope {
            .with {
                $0.organisationID = member
                $0.level1UnitID = unit
            }
        }

        func start() throws -> Google_Protobuf_Timestamp { try ReportCommand.day(from) }
        func end() throws -> Google_Protobuf_Timestamp { try ReportCommand.day(to) }
    }

    /// 00:00 +07 of `text` (YYYY-MM-DD).
    static func day(_ text: String) throws -> Google_Protobuf_Timestamp {
        guard let date = ISO8601DateFormatter().date(from: "\(text)T00:00:00+07:00") else {
            throw CLIError("\(text) is not a day such as 2026-07-01")
        }
        return Google_Protobuf_Timestamp(date: date)
    }

    /// Writes the chunks of a file to `output` (or standard output) and says where.
    static func save(_ chunks: [Vdxp_Report_V1_FileChunk], to output: String?) throws {
        let data = chunks.reduce(into: Data()) { $0 += $1.data }
        let name = output ?? chunks.first?.fileName ?? "report"
        if name == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        try data.write(to: URL(fileURLWithPath: name))
        print("wrote \(name) (\(data.count) bytes, \(chunks.first?.mediaType ?? ""))")
    }

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The figures of a scope and period.")
        @OptionGroup var caller: Caller
        @OptionGroup var period: Period
        func run() async throws {
            let (start, end) = (try period.start(), try period.end())
            let request = Vdxp_Report_V1_GetSummaryRequest.with {
                $0.scope = period.scope
                $0.startTime = start
                $0.endTime = end
            }
            let summary = try await caller.call { try await $0.getSummary(request) }
            if caller.options.json { return try printJSON(summary) }
            let m = summary.measures
            print(
                "sent \(m.documentsSent) (on time \(m.sentOnTime), late \(m.sentLate))  received \(m.documentsReceived)"
            )
            print(
                "statuses: 01 \(m.withStatusArrived)  03 \(m.withStatusRegistered)  05 \(m.withStatusProcessing)  "
                    + "06 \(m.withStatusCompleted)  rejected \(m.rejected)")
            print(
                "failed \(m.failedDeliveries) (handled the same working day \(m.failuresHandledSameDay))  retracted "
                    + "\(m.retracted)  revoked \(m.revoked)  updated \(m.updated)  replaced \(m.replaced)  overdue "
                    + "\(m.overdue)")
        }
    }

    struct Csv: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A breakdown (--by) or a time series (--series) as CSV.")
        @OptionGroup var caller: Caller
        @OptionGroup var period: Period
        @Option(help: "level1-unit, member, member-kind, priority, document-type, business-type or legal-value.")
        var by: String?
        @Option(help: "day, week, month, quarter or year.") var series: String?
        @Option(help: "At most this many rows, ranked by documents sent (0: all).") var limit: Int32 = 0
        @Option(help: "The file to write (- for standard output; default: the name the server suggests).")
        var output: String?
        func run() async throws {
            let (start, end, scope) = (try period.start(), try period.end(), period.scope)
            var request = Vdxp_Report_V1_ExportCsvRequest()
            switch (by, series) {
            case (let by?, nil):
                let dimension = try ReportCommand.parse(by, as: Vdxp_Report_V1_Dimension.self)
                request.breakdown = .with {
                    $0.scope = scope
                    $0.startTime = start
                    $0.endTime = end
                    $0.dimension = dimension
                    $0.rankBy = .documentsSent
                    $0.limit = limit
                }
            case (nil, let series?):
                let granularity = try ReportCommand.parse(series, as: Vdxp_Report_V1_Granularity.self)
                request.timeSeries = .with {
                    $0.scope = scope
                    $0.startTime = start
                    $0.endTime = end
                    $0.granularity = granularity
                }
            default:
                throw CLIError("give either --by or --series")
            }
            let chunks = try await caller.call { [request] client in
                try await client.exportCsv(request) { response in
                    var chunks: [Vdxp_Report_V1_FileChunk] = []
                    for try await chunk in response.messages { chunks.append(chunk) }
                    return chunks
                }
            }
            try ReportCommand.save(chunks, to: output)
        }
    }

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The quarterly report as one self-contained HTML page.")
        @OptionGroup var caller: Caller
        @Option(help: "The year.") var year: Int32
        @Option(help: "The quarter, 1 to 4.") var quarter: Int32
        @Option(help: "One ministry's or province's report (its level-1 code, e.g. H29).") var unit: String = ""
        @Option(help: "The file to write (default: bao-cao-quy-Q-YYYY.html).") var output: String?
        func run() async throws {
            let request = Vdxp_Report_V1_RenderQuarterlyReportRequest.with {
                $0.year = year
                $0.quarter = quarter
                $0.scope.level1UnitID = unit
            }
            let chunks = try await caller.call { client in
                try await client.renderQuarterlyReport(request) { response in
                    var chunks: [Vdxp_Report_V1_FileChunk] = []
                    for try await chunk in response.messages { chunks.append(chunk) }
                    return chunks
                }
            }
            try ReportCommand.save(chunks, to: output)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How far the figures have followed the journal.")
        @OptionGroup var caller: Caller
        func run() async throws {
            let status = try await caller.call { try await $0.getReportStatus(.init()) }
            if caller.options.json { return try printJSON(status) }
            print(
                "counted up to journal entry \(status.lastSequence)"
                    + (status.hasLastEventTime ? " (recorded \(status.lastEventTime.vietnamTime))" : ""))
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Empty the figures and count Exchange's journal again from its first entry.")
        @OptionGroup var caller: Caller
        @OptionGroup var confirmation: Confirmation
        func run() async throws {
            let now = try await caller.call { try await $0.getReportStatus(.init()) }
            try confirmation.confirm(
                [
                    "empty the figures (counted now up to journal entry \(now.lastSequence)) and count Exchange's "
                        + "journal again from its first entry:",
                    "  summaries and reports are incomplete until the rebuild catches up",
                ], typing: "rebuild", command: "report rebuild")
            let status = try await caller.call { try await $0.rebuildProjection(.init()) }
            if caller.options.json { return try printJSON(status) }
            print("the figures were emptied; follow the rebuild with `vdxp report status`")
        }
    }

    /// The value of `E` named `text`, e.g. `level1-unit` for `DIMENSION_LEVEL1_UNIT`.
    static func parse<E: SwiftProtobuf.Enum & CaseIterable>(_ text: String, as type: E.Type) throws -> E {
        let wanted = text.lowercased().replacingOccurrences(of: "-", with: "_")
        let named = E.allCases.filter { $0.rawValue != 0 }.map { (TicketCommand.name($0), $0) }
        guard let value = named.first(where: { $0.0 == wanted })?.1 else {
            throw CLIError(
                "unknown value \(text): use one of \(named.map { $0.0.replacingOccurrences(of: "_", with: "-") }.joined(separator: ", "))"
            )
        }
        return value
    }
}
