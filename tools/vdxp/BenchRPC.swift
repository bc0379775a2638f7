import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto

extension Bench {
    /// `vdxp bench rpc`: the cost of one cheap authenticated RPC — `GetDocument` of one document by its sender, over
    /// mutual TLS: the transport, Exchange's interceptors (identity, observability, database gate, message limits)
    /// and the document's reads (its versions, deliveries, histories and retract requests: four statements). With
    /// `--call refused` the same call asks for version -1, which the handler refuses (INVALID_ARGUMENT) before any
    /// statement: the transport, TLS, the interceptors and the caller's identity alone. Calls run `--concurrency` at a time over `--connections` connections kept open,
    /// or each on a new connection (`--new-connection-per-call`: a full TLS 1.3 handshake with both certificates per
    /// call, as for an agency's system that does not keep its channel open). h2load cannot present a client
    /// certificate (scripts/bench-rpc.sh), so this is the mutual-TLS counterpart of its figures. Benchmark release
    /// builds only.
    struct RPCLoad: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rpc",
            abstract:
                "Measure a cheap authenticated RPC (GetDocument over mutual TLS): rate, latency, CPU per call.")
        @Option(name: .customLong("cluster"), help: "The cluster file written by `vdxp dev up`.")
        var clusterPath = ClusterFile.defaultPath
        @Option(help: "How many calls.") var count = 20_000
        @Option(help: "How many calls in flight at once.") var concurrency = 32
        @Option(help: "How many connections the calls share (kept open for the whole run).") var connections = 1
        @Option(help: "get-document (four reads), or refused (refused by the handler before any read).")
        var call: Call = .getDocument
        @Flag(help: "Open a new connection for every call (one TLS handshake per call).")
        var newConnectionPerCall = false
        @Option(help: "Also write every figure to this JSON file.") var json: String?
        @Option(
            name: .customLong("exchange-setting"),
            help: ArgumentHelp(
                "Restart Exchange first with this VDXP_EXCHANGE_NAME=value or VDXP_EVENT_LOOPS=n (repeatable).",
                valueName: "setting"))
        var exchangeSettings: [String] = []

        /// The call measured.
        enum Call: String, Codable, ExpressibleByArgument, Sendable {
            case getDocument = "get-document"
            case refused
        }

        /// What a run measured.
        struct Result: Codable {
            var call: Call
            var count: Int
            var concurrency: Int
            var connections: Int
            var newConnectionPerCall: Bool
            var seconds: Double
            var perSecond: Double
            var latencyMs: LatencySummary
            /// CPU seconds per call of each process (`client`: this one).
            var cpuSecondsPerCall: [String: Double]
            var loadAverageBefore: Double
            var loadAverageAfter: Double
        }

        func validate() throws {
            guard count > 0, concurrency > 0, connections > 0 else {
                throw ValidationError("--count, --concurrency and --connections must be positive")
            }
            guard connections <= concurrency else {
                throw ValidationError(
                    "--connections (\(connections)) above --concurrency (\(concurrency)) leaves idle connections")
            }
        }

        func run() async throws {
            let (cluster, processes) = try await PlatformProcesses.load(
                clusterFile: clusterPath, restartingExchangeWith: exchangeSettings)
            let client = try cluster.memberClient("exchange", as: Dev.demoMembers[0].organisationID)
            let documentID = try await Self.sendOneDocument(client: client, cluster: cluster)

            let loadBefore = ProcessFigures.loadAverage()
            let progress = ProgressBar("calls    ", total: count)
            let cpuBefore = processes.cpu()
            let start = ContinuousClock.now
            let latencies =
                newConnectionPerCall
                ? try await LatencyRecorder.timing(count, concurrency: concurrency, progress: progress) { _ in
                    try await client.run { try await Self.get(documentID, call, with: $0) }
                }
                : try await Self.overConnections(
                    connections, client: client, count: count, concurrency: concurrency, progress: progress
                ) { grpc in try await Self.get(documentID, call, with: grpc) }
            let elapsed = ContinuousClock.now - start
            progress.finish()

            let result = Result(
                call: call, count: count, concurrency: concurrency,
                connections: newConnectionPerCall ? count : connections,
                newConnectionPerCall: newConnectionPerCall, seconds: elapsed.timeInterval,
                perSecond: Double(count) / elapsed.timeInterval, latencyMs: latencies.summary,
                cpuSecondsPerCall: SendLoad.perDocument(from: cpuBefore, to: processes.cpu(), count: count),
                loadAverageBefore: loadBefore, loadAverageAfter: ProcessFigures.loadAverage())
            print(Self.text(result))
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(result).write(to: URL(fileURLWithPath: json))
            }
        }

        /// Sends the document the calls read (from the first demo member to the second) and returns its id.
        static func sendOneDocument(client: PlatformClient, cluster: ClusterFile) async throws -> String {
            let messages = try Bench.signDocuments(count: 1, attachmentBytes: 1024, cluster: cluster)[0]
            return try await client.run { grpc in
                try await Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc).sendDocument(
                    request: StreamingClientRequest { try await $0.write(contentsOf: messages) }
                ) { try $0.message.document.documentID }
            }
        }

        /// One call; the refused one must be refused as expected.
        static func get(
            _ documentID: String, _ call: Call, with grpc: GRPCClient<some ClientTransport>
        ) async throws {
            let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
            switch call {
            case .getDocument:
                _ = try await exchange.getDocument(.with { $0.documentID = documentID })
            case .refused:
                do {
                    _ = try await exchange.getDocument(
                        .with {
                            $0.documentID = documentID
                            $0.version = -1
                        })
                    throw CLIError("GetDocument of version -1 was answered: the refused call measures nothing")
                } catch let error as RPCError where error.code == .invalidArgument {}
            }
        }

        /// `count` calls, `concurrency` in flight, shared out over `connections` connections kept open.
        static func overConnections(
            _ connections: Int, client: PlatformClient, count: Int, concurrency: Int, progress: ProgressBar,
            _ call: @escaping @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Void
        ) async throws -> LatencyRecorder {
            try await withThrowingTaskGroup(of: LatencyRecorder.self) { group in
                for connection in 0..<connections {
                    // Calls and slots shared out as evenly as they go.
                    let calls = count / connections + (connection < count % connections ? 1 : 0)
                    let inFlight = concurrency / connections + (connection < concurrency % connections ? 1 : 0)
                    group.addTask {
                        try await client.run { grpc in
                            try await LatencyRecorder.timing(calls, concurrency: inFlight, progress: progress) { _ in
                                try await call(grpc)
                            }
                        }
                    }
                }
                var all = LatencyRecorder()
                while let one = try await group.next() { all.add(one) }
                return all
            }
        }

        static func text(_ result: Result) -> String {
            let how =
                result.newConnectionPerCall
                ? "a new connection per call" : "\(result.connections) connection(s) kept open"
            return [
                "\(result.count) calls of GetDocument (\(result.call.rawValue)), \(result.concurrency) in flight, \(how); load average "
                    + String(format: "%.1f before, %.1f after", result.loadAverageBefore, result.loadAverageAfter),
                String(format: "%.0f calls/s; ", result.perSecond) + result.latencyMs.text,
                "  CPU per call: "
                    + result.cpuSecondsPerCall.sorted { $0.key < $1.key }.map {
                        String(format: "%@ %.3f ms", $0.key, $0.value * 1000)
                    }.joined(separator: ", "),
            ].joined(separator: "\n")
        }
    }
}
