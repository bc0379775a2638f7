import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Art. 4.1.g — operational statistics (modelled on X-Road's operational monitoring) on a real platform: what each
/// member did through Exchange, how much failed and how long it took, from the journal into Monitoring's own
/// per-minute tables; answered by `GetOperationalStatistics` and published on Monitoring's Prometheus endpoint.
@Suite("Monitoring: operational statistics (Art. 4.1.g)", .serialized, .timeLimit(.minutes(10)))
struct MonitoringStatisticsTests {
    static let sender = TestPlatform.sender.organisationID
    static let recipient = TestPlatform.recipient.organisationID
    static let stranger = TestPlatform.stranger.organisationID

    @Test(
        "sends, acknowledgements and failures are counted per member and operation, with the acknowledgement's latency; members see their own"
    )
    func countedPerMemberAndOperation() async throws {
        let exchangeSettings = ["VDXP_EXCHANGE_FAILURE_CHECK_SECONDS": "1"]
        try await TestPlatform.with(exchangeSettings: exchangeSettings) { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(
                clock: clock, channels: .none, settings: ["VDXP_MONITORING_METRICS_SECONDS": "1"]
            ) { monitoring in
                // Two documents to the recipient, acknowledged; one to the stranger, which is closed before it
                // fetches: that delivery fails.
                try await platform.sendDocument(TestPlatform.header(number: "1401"))
                try await platform.sendDocument(TestPlatform.header(number: "1402"))
                try await platform.sendDocument(TestPlatform.header(number: "1403", to: [TestPlatform.stranger]))
                #expect(try await platform.receiveAll(as: TestPlatform.recipient).count == 2)
                _ = try await platform.operatorClient.central {
                    try await $0.closeOrganisationId(
                        .with {
                            $0.organisationID = Self.stranger
                            $0.successorOrganisationID = Self.recipient
                            $0.reason = "Hợp nhất đơn vị hành chính"
                        })
                }
                try await platform.waitForExchangeConfiguration()
                clock.advance(by: Date().timeIntervalSince(clock.now))

                var platformWide = Vdxp_Monitoring_V1_OperationalStatistics()
                try await TestMonitoring.eventually("the journal is counted, the failure too") {
                    clock.advance(by: max(0, Date().timeIntervalSince(clock.now)))
                    platformWide = try await monitoring.operatorClient.monitoring {
                        try await $0.getOperationalStatistics(.init())
                    }
                    return platformWide.operations.first { $0.operation == "delivery.failed" }?.count == 1
                }
                let operations = Dictionary(uniqueKeysWithValues: platformWide.operations.map { ($0.operation, $0) })
                #expect(platformWide.organisationID.isEmpty)
                #expect(operations["document.sent"]?.count == 3)
                #expect(operations["document.sent"]?.failureCount == 0)
                #expect(operations["document.sent"]?.hasLatencyP50 == false, "a send is instantaneous")
                let acknowledged = try #require(operations["delivery.acknowledged"])
                #expect(acknowledged.count == 2)
                #expect(acknowledged.hasLatencyP50 && acknowledged.hasLatencyP99)
                #expect(acknowledged.latencyP50.seconds < 60, "acknowledged within seconds of the send")
                #expect(operations["delivery.failed"]?.failureCount == 1)
                #expect(platformWide.endTime.date.timeIntervalSince(platformWide.startTime.date) <= 3600)

                // A member reads its own: the sender sent three; the stranger's failure is the stranger's.
                let own = try await monitoring.member(TestPlatform.sender).monitoring {
                    try await $0.getOperationalStatistics(.with { $0.organisationID = Self.sender })
                }
                #expect(own.operations.map(\.operation) == ["document.sent"])
                #expect(own.operations.first?.count == 3)
                let recipients = try await monitoring.operatorClient.monitoring {
                    try await $0.getOperationalStatistics(
                        .with {
                            $0.organisationID = Self.recipient
                            $0.window = .init(seconds: 600)
                        })
                }
                #expect(recipients.operations.map(\.operation) == ["delivery.acknowledged"])
                let refused = await #expect(throws: RPCError.self) {
                    try await monitoring.member(TestPlatform.sender).monitoring {
                        try await $0.getOperationalStatistics(.with { $0.organisationID = Self.recipient })
                    }
                }
                #expect(refused?.code == .permissionDenied)

                // A window that ends before anything happened counts nothing.
                clock.advance(by: 3 * 3600)
                let later = try await monitoring.operatorClient.monitoring {
                    try await $0.getOperationalStatistics(.init())
                }
                #expect(later.operations.isEmpty)
                let day = try await monitoring.operatorClient.monitoring {
                    try await $0.getOperationalStatistics(.with { $0.window = .init(seconds: 86_400) })
                }
                #expect(day.operations.first { $0.operation == "document.sent" }?.count == 3)

                // The same figures on Monitoring's Prometheus endpoint, scraped over loopback.
                let address = try await monitoring.host.addresses().metrics
                var metrics = ""
                try await TestMonitoring.eventually("the metrics endpoint publishes the statistics") {
                    metrics = try await Self.scrape(address)
                    let sent = Self.value(in: metrics, "operations", Self.sender, "document.sent")
                    let failed = Self.value(in: metrics, "operation_failures", Self.stranger, "delivery.failed")
                    return sent >= 3 && failed >= 1
                }
                #expect(Self.value(in: metrics, "operations", Self.recipient, "delivery.acknowledged") >= 2)
                #expect(metrics.contains("vdxp_monitoring_operation_latency_seconds{"))
                #expect(!metrics.contains("operation=\"document.sent\",quantile"), "no latency for instantaneous acts")
            }
        }
    }

    /// `GET /metrics` on `address`.
    static func scrape(_ address: HostAndPort) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(address.port)/metrics")!)
        return String(decoding: data, as: UTF8.self)
    }

    /// The value of `vdxp_monitoring_<metric>_total` for `member` and `operation` in the text exposition format (0
    /// when it is not there).
    static func value(in metrics: String, _ metric: String, _ member: String, _ operation: String) -> Double {
        let name = "vdxp_monitoring_\(metric)_total{"
        for line in metrics.split(separator: "\n") where line.hasPrefix(name) {
            guard let close = line.lastIndex(of: "}") else { continue }
            let labels = line[line.index(line.startIndex, offsetBy: name.count)..<close]
            guard labels.contains("organisation_id=\"\(member)\""), labels.contains("operation=\"\(operation)\"")
            else { continue }
            return Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}
