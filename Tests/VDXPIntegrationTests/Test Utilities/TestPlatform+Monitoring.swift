import Foundation
import GRPCCore
import SwiftProtobuf
import Synchronization
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// A Monitoring service started beside a test platform's Central and Exchange: it follows Exchange's journal and
/// Central's configuration, reads the time from a `ManualClock`, and delivers through the test's channels.
struct TestMonitoring: Sendable {
    let platform: TestPlatform
    let host: ServiceHost
    let address: HostAndPort

    /// A client of this Monitoring as `member`.
    func member(_ member: DevelopmentMember) -> PlatformClient {
        platform.member(member, service: address)
    }

    /// A client of this Monitoring as the operator.
    var operatorClient: PlatformClient { platform.operatorClient(of: address) }

    /// A client of this Monitoring as platform service `name`.
    func service(_ name: String) -> PlatformClient {
        platform.service(name, address: address)
    }

    /// Waits, polling every 100 ms for at most `limit`, until `condition` holds; fails saying `what` otherwise.
    static func eventually(
        _ what: String, within limit: Duration = .seconds(120), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestPlatformError("timed out waiting until \(what)")
    }
}

/// The settings that make Monitoring's jobs run every second, so that a test sees a round soon after it moves the
/// manual clock.
let fastMonitoringSettings = [
    "VDXP_MONITORING_EVALUATE_SECONDS": "1", "VDXP_MONITORING_DISPATCH_SECONDS": "1",
]

extension TestPlatform {
    /// Starts Monitoring for this platform on `clock` with `channels`, runs `body`, and stops it gracefully (as
    /// SIGTERM would). Call it again with the same platform to restart Monitoring on the same database.
    func withMonitoring(
        clock: ManualClock, channels: MonitoringChannels, settings: [String: String] = [:],
        _ body: (TestMonitoring) async throws -> Void
    ) async throws {
        var values = fastMonitoringSettings
        values["VDXP_EXCHANGE_ADDRESS"] = exchange.description
        values.merge(settings) { _, new in new }
        try await withService(
            "monitoring", definition: MonitoringService.definition(clock: clock.wallClock, channels: channels),
            settings: values
        ) { host, address in
            let monitoring = TestMonitoring(platform: self, host: host, address: address)
            if settings["VDXP_EXCHANGE_ADDRESS"] == nil {
                // Connection states are held until Monitoring has caught up with Exchange's journal: a test that moves
                // the clock before then would see no silence.
                try await TestMonitoring.eventually("Monitoring follows Exchange's journal") {
                    try await !monitoring.operatorClient.monitoring {
                        try await $0.getMemberConnection(.with { $0.organisationID = Self.sender.organisationID })
                    }.hasHeldSince
                }
            }
            try await body(monitoring)
        }
    }
}

/// A channel for tests: records every message handed to it with the manual clock's time, and answers what
/// `answer` says (accepted by default). It stands in for the SMTP relay and the SMS gateway, whose real channels are
/// tested on their own.
final class RecordingChannel: NotificationChannel {
    struct Delivery: Sendable {
        let message: ChannelMessage
        let time: Date
        let outcome: ChannelOutcome
    }

    private let clock: ManualClock
    private let answer: @Sendable (ChannelMessage, Int) -> ChannelOutcome
    private let recorded = Mutex<[Delivery]>([])

    /// A channel that answers `answer(message, attempt)` (attempt: 1 for the first delivery of that notification).
    init(
        clock: ManualClock,
        answer: @escaping @Sendable (ChannelMessage, Int) -> ChannelOutcome = { _, _ in .accepted(detail: "250 ok") }
    ) {
        self.clock = clock
        self.answer = answer
    }

    func deliver(_ message: ChannelMessage) async -> ChannelOutcome {
        recorded.withLock { deliveries in
            let attempt = deliveries.filter { $0.message.notificationID == message.notificationID }.count + 1
            let outcome = answer(message, attempt)
            deliveries.append(Delivery(message: message, time: clock.now, outcome: outcome))
            return outcome
        }
    }

    /// Every delivery so far, oldest first.
    var deliveries: [Delivery] { recorded.withLock { $0 } }

    /// The deliveries to `address`.
    func deliveries(to address: String) -> [Delivery] { deliveries.filter { $0.message.address == address } }
}
