import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// `vdxp bench send`: a load harness against a running platform. Benchmark release builds only (debug builds are
/// about 7× slower); results go to docs/benchmarks.md by hand, with the machine they were measured on.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the platform under load (release builds only).",
        subcommands: [SendLoad.self, SearchLoad.self])

    struct SendLoad: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract:
                "Sign and send documents concurrently, then fetch and acknowledge them; report rates and latencies.")
        @OptionGroup var options: ClusterOptions
        @Option(help: "How many documents.") var count = 1000
        @Option(help: "How many sends in flight at once.") var concurrency = 16
        @Option(help: "Attachment size in bytes per document.") var attachmentBytes = 16 * 1024

        func run() async throws {
            let cluster = try options.load()
            let sender = Dev.demoMembers[0]
            let recipient = Dev.demoMembers[1]
            guard let paths = cluster.pki.members[sender.organisationID] else {
                throw CLIError("no seal for the demo sender")
            }
            let key = try PEM.loadSigningKey(pemFile: paths.signingKey)
            let chain = try PEM.loadCertificateChain(pemFile: paths.signingChain)
            let body = Data((0..<attachmentBytes).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            let run = String(Int(Date().timeIntervalSince1970) % 1_000_000)
            let client = try cluster.memberClient("exchange", as: sender.organisationID)
            let (count, concurrency) = (self.count, self.concurrency)

            // Sign everything first: the harness measures the platform, not the client's RSA signing.
            var streams: [[Vdxp_Exchange_V1_SendDocumentRequest]] = []
            for index in 0..<count {
                let header = Vdxp_Exchange_V1_DocumentHeader.with {
                    $0.documentID = "\(sender.organisationID),2026,\(index)/B\(run)"
                    $0.sender = .with {
                        $0.organisationID = sender.organisationID
                        $0.name = sender.name
                    }
                    $0.recipients = [
                        .with {
                            $0.organisationID = recipient.organisationID
                            $0.name = recipient.name
                        }
                    ]
                    $0.code = .with {
                        $0.number = "\(index)"
                        $0.notation = "B\(run)"
                    }
                    $0.promulgation = .with {
                        $0.place = "Hà Nội"
                        $0.date = "2026-01-15"
                    }
                    $0.documentType = .with {
                        $0.type = 2
                        $0.typeName = "Công văn"
                    }
                    $0.subject = "Đo tải \(index)"
                    $0.signer = .with {
                        $0.position = "Chuyên viên"
                        $0.fullName = "Máy đo"
                    }
                    $0.priority = Int32(index % 5)
                    $0.signingTime = EdXMLDate.iso8601VietnamTime(Date())
                }
                let builder = SignedDocumentBuilder(
                    header: header, attachments: [("tai.bin", "application/octet-stream", body)])
                streams.append(
                    builder.messages(
                        for: try builder.signedDocument(
                            signingKey: key, algorithm: paths.signingAlgorithm, chain: chain)))
            }
            let documents = streams

            let sendStart = ContinuousClock.now
            let latencies = try await client.run { grpc in
                let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                return try await withThrowingTaskGroup(of: Duration.self) { group in
                    var latencies: [Duration] = []
                    var next = 0
                    func add() {
                        let messages = documents[next]
                        next += 1
                        group.addTask {
                            let start = ContinuousClock.now
                            _ = try await exchange.sendDocument(
                                request: StreamingClientRequest { try await $0.write(contentsOf: messages) }
                            ) { try $0.message }
                            return ContinuousClock.now - start
                        }
                    }
                    while next < min(concurrency, count) { add() }
                    while let latency = try await group.next() {
                        latencies.append(latency)
                        if next < count { add() }
                    }
                    return latencies
                }
            }
            let sendElapsed = ContinuousClock.now - sendStart

            let receiveStart = ContinuousClock.now
            let inbox = try cluster.memberClient("exchange", as: recipient.organisationID)
            let received = try await inbox.run { grpc in
                let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: grpc)
                var received = 0
                while received < count {
                    let deliveries = try await exchange.fetchInbox(.with { $0.maxDeliveries = 100 }).deliveries
                    if deliveries.isEmpty { break }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for delivery in deliveries {
                            group.addTask {
                                _ = try await exchange.acknowledgeDelivery(
                                    .with { $0.deliveryID = delivery.deliveryID })
                            }
                        }
                        try await group.waitForAll()
                    }
                    received += deliveries.count
                }
                return received
            }
            let receiveElapsed = ContinuousClock.now - receiveStart

            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> String {
                let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
                return String(format: "%.1f ms", value.milliseconds)
            }
            print("sent \(count) documents (\(attachmentBytes) B attachment each) with \(concurrency) in flight:")
            print(
                String(
                    format: "  %.0f documents/s committed; latency p50 %@, p95 %@, p99 %@, max %@",
                    Double(count) / sendElapsed.timeInterval, percentile(0.5), percentile(0.95), percentile(0.99),
                    percentile(1)))
            print(
                String(
                    format: "received and acknowledged %d deliveries in batches of 100: %.0f deliveries/s",
                    received, Double(received) / receiveElapsed.timeInterval))
        }
    }
}

extension Duration {
    var milliseconds: Double { timeInterval * 1000 }
}
