import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import VDXPClient

/// The loop `vdxp bench search` and `vdxp bench report` share: one query shape called again and again for a number of
/// seconds with a number of calls in flight, then one Markdown row of its p50/p95/p99.
enum ShapeLoad {
    /// The header of the table the rows go under.
    static let header = "| shape | calls | p50 | p95 | p99 | errors |\n|---|---:|---:|---:|---:|---:|"

    /// Measures one shape on one connection of `client` (``measure(_:seconds:concurrency:_:)``) and prints its row.
    static func measureAndPrint(
        _ name: String, on client: PlatformClient, seconds: Int, concurrency: Int,
        _ call: @escaping @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Void
    ) async throws {
        let (latencies, errors) = try await client.run { grpc in
            try await measure(name, seconds: seconds, concurrency: concurrency) { try await call(grpc) }
        }
        print(row(name, latencies: latencies, errors: errors))
    }

    /// Calls `call` for `seconds` with `concurrency` calls in flight; returns the latencies of the calls that
    /// succeeded, sorted, and how many failed (the first failure is written to standard error under `name`).
    static func measure(
        _ name: String, seconds: Int, concurrency: Int, _ call: @escaping @Sendable () async throws -> Void
    ) async throws -> (latencies: [Duration], errors: Int) {
        let end = ContinuousClock.now + .seconds(seconds)
        return try await withThrowingTaskGroup(of: ([Duration], Int).self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var latencies: [Duration] = []
                    var errors = 0
                    while ContinuousClock.now < end {
                        let start = ContinuousClock.now
                        do {
                            try await call()
                            latencies.append(ContinuousClock.now - start)
                        } catch {
                            errors += 1
                            if errors == 1 { FileHandle.standardError.write(Data("\(name): \(error)\n".utf8)) }
                        }
                    }
                    return (latencies, errors)
                }
            }
            var all: [Duration] = []
            var errors = 0
            for try await (latencies, failed) in group {
                all += latencies
                errors += failed
            }
            return (all.sorted(), errors)
        }
    }

    /// The Markdown row of one shape: calls, p50, p95, p99 (nearest rank) and errors.
    static func row(_ name: String, latencies: [Duration], errors: Int) -> String {
        func percentile(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "—" }
            let value = latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
            return String(format: "%.1f ms", value.milliseconds)
        }
        let percentiles = [0.5, 0.95, 0.99].map(percentile).joined(separator: " | ")
        return "| \(name) | \(latencies.count) | \(percentiles) | \(errors) |"
    }
}
