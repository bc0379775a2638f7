import ArgumentParser
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPProto

/// `vdxp bench report`: Report's dashboard RPCs through the real gRPC server (mutual TLS, the read pool), one shape
/// after another, each for `--seconds` with `--concurrency` calls in flight on one connection, as the operator;
/// prints p50/p95/p99 per shape. The shapes are the quarter of services/report/Benchmarks/quarter-summary-by-province.sh
/// (Q3 2026 by province, whole or filtered, and a period cut inside months), whose rollups it is meant to run against
/// (`DATABASE_URL=… quarter-summary-by-province.sh` fills a running platform's Report). Benchmark release builds only.
struct ReportLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Measure Report's dashboard RPCs per shape (p50/p95/p99), as the operator.")
    @OptionGroup var options: ClusterOptions
    @Option(help: "Seconds per shape.") var seconds = 20
    @Option(help: "Calls in flight at once.") var concurrency = 1
    @Option(help: "Only these shapes (default: all).") var shape: [String] = []

    /// A shape: its name and the call it makes.
    struct Shape: Sendable {
        var name: String
        var breakdown: Vdxp_Report_V1_GetBreakdownRequest?
        var summary: Vdxp_Report_V1_GetSummaryRequest?
    }

    static func shapes() throws -> [Shape] {
        let (july, midJuly, october) = (
            try ReportCommand.day("2026-07-01"), try ReportCommand.day("2026-07-15"),
            try ReportCommand.day("2026-10-01")
        )
        let midOctober = try ReportCommand.day("2026-10-15")
        func byProvince(
            _ start: Google_Protobuf_Timestamp, _ end: Google_Protobuf_Timestamp,
            priorities: [Int32] = []
        ) -> Vdxp_Report_V1_GetBreakdownRequest {
            .with {
                $0.startTime = start
                $0.endTime = end
                $0.dimension = .level1Unit
                $0.filter.priorities = priorities
            }
        }
        return [
            Shape(name: "quarter-by-province", breakdown: byProvince(july, october)),
            Shape(
                name: "quarter-by-province-priorities-1-4",
                breakdown: byProvince(july, october, priorities: [1, 2, 3, 4])),
            Shape(name: "15-jul-to-14-oct-by-province", breakdown: byProvince(midJuly, midOctober)),
            Shape(
                name: "quarter-summary",
                summary: .with {
                    $0.startTime = july
                    $0.endTime = october
                }),
        ]
    }

    func run() async throws {
        let client = try options.loadWithoutDeadline().operatorClient("report")
        let (seconds, concurrency) = (self.seconds, self.concurrency)
        print(ShapeLoad.header)
        for shape in try Self.shapes() where self.shape.isEmpty || self.shape.contains(shape.name) {
            try await ShapeLoad.measureAndPrint(
                shape.name, on: client, seconds: seconds, concurrency: concurrency
            ) { grpc in
                let report = Vdxp_Report_V1_ReportService.Client(wrapping: grpc)
                if let request = shape.breakdown {
                    _ = try await report.getBreakdown(request)
                } else if let request = shape.summary {
                    _ = try await report.getSummary(request)
                }
            }
        }
    }
}
