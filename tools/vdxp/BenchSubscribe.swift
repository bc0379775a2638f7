import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import Synchronization
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto

extension Bench {
    /// `vdxp bench subscribe`: how soon a recipient subscribed with `SubscribeInbox` hears of a document, at a steady
    /// send rate (the target is measured at half the maximum throughput `vdxp bench send` reaches).
    struct SubscribeLatency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subscribe",
            abstract:
                "Send at a steady rate while the recipient is subscribed; report send → notified latencies.")
        @Option(name: .customLong("cluster"), help: "The cluster file written by `vdxp dev up`.")
        var clusterPath = ClusterFile.defaultPath
        @Option(help: "How many documents.") var count = 1000
        @Option(help: "Sends started per second.") var rate = 100.0
        @Option(help: "Most sends in flight at once.") var concurrency = 64
        @Option(help: "Attachment size in bytes per document.") var attachmentBytes = 10 * 1024
        @Option(help: "Also write every figure to this JSON file.") var json: String?

        struct Result: Codable {
            var count: Int
            var rate: Double
            var achievedRate: Double
            var attachmentBytes: Int
            var loadAverage: Double
            /// From the start of the SendDocument call to the delivery arriving on the subscription.
            var sendToNotifiedMs: LatencySummary
            /// From the SendDocument answer (the commit) to the delivery arriving on the subscription.
            var committedToNotifiedMs: LatencySummary
            var sendLatencyMs: LatencySummary
        }

        /// How long after the last answer the subscription may take to deliver the rest.
        static let notificationTimeout: Duration = .seconds(60)

        /// Documents were answered but never arrived on the subscription.
        struct NotNotified: Error, CustomStringConvertible {
            var missing: Int
            var count: Int
            var timeout: Duration

            var description: String {
                "\(missing) of \(count) documents were sent but not delivered on SubscribeInbox within \(timeout) of "
                    + "the last answer"
            }
        }

        private struct Timings {
            var started: [String: ContinuousClock.Instant] = [:]
            var answered: [String: ContinuousClock.Instant] = [:]
            var notified: [String: ContinuousClock.Instant] = [:]
        }

        private final class TimingsBox: Sendable {
            let state = Mutex(Timings())
        }

        func run() async throws {
            let cluster = try ClusterFile.load(clusterPath)
            let documents = try Bench.signDocuments(count: count, attachmentBytes: attachmentBytes, cluster: cluster)
            let ids = documents.map { stream -> String in
                guard case .document(let signed)? = stream.first?.part,
                    let header = try? Vdxp_Exchange_V1_DocumentHeader(serializedBytes: signed.header)
                else { return "" }
                return header.documentID
            }
            let sender = try cluster.memberClient("exchange", as: Dev.demoMembers[0].organisationID)
            let recipient = try cluster.memberClient("exchange", as: Dev.demoMembers[1].organisationID)
            let timings = TimingsBox()
            let expected = Set(ids)
            let (count, rate, concurrency) = (self.count, self.rate, self.concurrency)
            let progress = ProgressBar("notified ", total: count)

            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await recipient.run { grpc in
                        let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                        try await exchange.subscribeInbox(.init()) { response in
                            var seen = 0
                            for try await message in response.messages {
                                let now = ContinuousClock.now
                                let delivery = message.delivery
                                // Acknowledged aside, so that reading the stream never waits for it.
                                Task {
                                    _ = try? await exchange.acknowledgeDelivery(
                                        .with { $0.deliveryID = delivery.deliveryID })
                                }
                                guard expected.contains(delivery.documentID) else { continue }
                                timings.state.withLock { $0.notified[delivery.documentID] = now }
                                progress.advance()
                                seen += 1
                                if seen == count { return }
                            }
                        }
                    }
                }
                // Sends begin once the subscription had time to open (its server sends nothing before a delivery).
                try await Task.sleep(for: .seconds(1))
                group.addTask {
                    try await sender.run { grpc in
                        let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                        try await withThrowingTaskGroup(of: Void.self) { sends in
                            let begin = ContinuousClock.now
                            var inFlight = 0
                            for (index, messages) in documents.enumerated() {
                                try await Task.sleep(until: begin + .seconds(Double(index) / rate))
                                if inFlight >= concurrency {
                                    try await sends.next()
                                    inFlight -= 1
                                }
                                let id = ids[index]
                                inFlight += 1
                                sends.addTask {
                                    timings.state.withLock { $0.started[id] = ContinuousClock.now }
                                    _ = try await exchange.sendDocument(
                                        request: StreamingClientRequest { try await $0.write(contentsOf: messages) }
                                    ) { try $0.message }
                                    let now = ContinuousClock.now
                                    timings.state.withLock { $0.answered[id] = now }
                                }
                            }
                            try await sends.waitForAll()
                        }
                    }
                    // Every document was answered: the subscription has a minute more to deliver the last of them.
                    let deadline = ContinuousClock.now + Self.notificationTimeout
                    while timings.state.withLock({ $0.notified.count }) < count {
                        guard ContinuousClock.now < deadline else {
                            let notified = timings.state.withLock { $0.notified.count }
                            throw NotNotified(
                                missing: count - notified, count: count, timeout: Self.notificationTimeout)
                        }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                // Both tasks end once every document was answered and notified. The first error — a refused send,
                // a lost subscription, a notification that never comes — ends the run at once: leaving the group
                // cancels the other task (`waitForAll` would wait for the subscriber forever).
                while try await group.next() != nil {}
            }
            progress.finish()
            let elapsed = ContinuousClock.now - start

            let final = timings.state.withLock { $0 }
            var sendToNotified = LatencyRecorder()
            var committedToNotified = LatencyRecorder()
            var sendLatency = LatencyRecorder()
            var first: ContinuousClock.Instant?
            var last: ContinuousClock.Instant?
            for (id, started) in final.started {
                first = min(first ?? started, started)
                last = max(last ?? started, started)
                if let answered = final.answered[id] { sendLatency.record(answered - started) }
                guard let notified = final.notified[id] else { continue }
                sendToNotified.record(notified - started)
                if let answered = final.answered[id] { committedToNotified.record(max(.zero, notified - answered)) }
            }
            let span = first.flatMap { first in last.map { ($0 - first).timeInterval } } ?? elapsed.timeInterval
            let result = Result(
                count: count, rate: rate, achievedRate: span > 0 ? Double(count - 1) / span : 0,
                attachmentBytes: attachmentBytes, loadAverage: ProcessFigures.loadAverage(),
                sendToNotifiedMs: sendToNotified.summary, committedToNotifiedMs: committedToNotified.summary,
                sendLatencyMs: sendLatency.summary)
            print(
                String(
                    format: "%d documents at %.0f sends/s (asked %.0f), %d B attachment; load average %.1f",
                    count, result.achievedRate, rate, attachmentBytes, result.loadAverage))
            print("send start → notified: " + result.sendToNotifiedMs.text)
            print("send answered → notified: " + result.committedToNotifiedMs.text)
            print("send latency: " + result.sendLatencyMs.text)
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(result).write(to: URL(fileURLWithPath: json))
            }
        }
    }
}
