import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import SwiftProtobuf
import Synchronization
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Tells Monitoring which members' systems call Exchange (Art. 4.1.g, 9.2): every authenticated call — a read, a
/// poll, a stream held open — is the member's activity, not only the calls the journal records, so a system that
/// only polls its inbox stays CONNECTED without heartbeats. Each call is noted in memory (``note(_:method:at:)``,
/// cheap, never waits); every ``flushInterval`` the members not reported for ``reportEvery`` are sent to
/// Monitoring's `RecordMemberActivity` in one batch, as `service:exchange`. A batch Monitoring does not take is kept
/// and sent again with the latest times (nothing is written to the journal: it is the audit record of documents,
/// not a liveness signal). Each replica reports the calls it served.
///
/// Settings: `VDXP_MONITORING_ADDRESS` (unset: nothing is reported, with a warning at start) and
/// `VDXP_EXCHANGE_ACTIVITY_REPORT_SECONDS` (60; 5 to 240, below Monitoring's 5 minutes to DEGRADED).
final class MemberActivityReporter: Service, Sendable {
    /// A member's calls not reported yet.
    struct Pending: Sendable, Equatable {
        var lastCallTime: Date
        var method: String
    }

    private struct State {
        var pending: [String: Pending] = [:]
        var reported: [String: Date] = [:]
    }

    let monitoring: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    /// A member is reported at most once this often.
    let reportEvery: TimeInterval
    /// How often pending calls are sent.
    let flushInterval: Duration
    let logger: Logger
    private let state = Mutex(State())

    init(
        monitoring: HostAndPort, certificatePath: String, keyPath: String, platformCAPath: String,
        reportEvery: TimeInterval, flushInterval: Duration = .seconds(2), logger: Logger
    ) {
        self.monitoring = monitoring
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.platformCAPath = platformCAPath
        self.reportEvery = reportEvery
        self.flushInterval = flushInterval
        self.logger = logger
    }

    /// The reporter the settings configure, or nil when `VDXP_MONITORING_ADDRESS` is unset.
    static func configured(by configuration: ServiceConfiguration, logger: Logger) throws -> MemberActivityReporter? {
        let settings = configuration.settings
        guard settings.optional("MONITORING_ADDRESS") != nil else {
            logger.warning(
                "VDXP_MONITORING_ADDRESS is not set: members' reads and polls are not reported to Monitoring as activity"
            )
            return nil
        }
        return MemberActivityReporter(
            monitoring: try settings.address("MONITORING_ADDRESS", default: ""),
            certificatePath: configuration.tlsCertificatePath, keyPath: configuration.tlsKeyPath,
            platformCAPath: configuration.platformCAPath,
            reportEvery: TimeInterval(
                try settings.integer("EXCHANGE_ACTIVITY_REPORT_SECONDS", default: 60, in: 5...240)),
            logger: logger)
    }

    /// Notes a call by `member`'s system to `method` at `time`.
    func note(_ member: String, method: String, at time: Date) {
        state.withLock { state in
            if let reported = state.reported[member], time.timeIntervalSince(reported) < reportEvery { return }
            if let earlier = state.pending[member], earlier.lastCallTime > time { return }
            state.pending[member] = Pending(lastCallTime: time, method: method)
        }
    }

    /// Takes the calls to report now.
    func take() -> [String: Pending] {
        state.withLock { state in
            let batch = state.pending
            state.pending = [:]
            return batch
        }
    }

    /// Records the outcome of sending `batch`: reported members are not reported again for ``reportEvery``; a batch
    /// not taken is put back (a later call of the same member wins).
    func settle(_ batch: [String: Pending], delivered: Bool) {
        state.withLock { state in
            for (member, calls) in batch {
                if delivered {
                    state.reported[member] = max(state.reported[member] ?? calls.lastCallTime, calls.lastCallTime)
                } else if state.pending[member] == nil {
                    state.pending[member] = calls
                }
            }
            if delivered, state.reported.count > 100_000 { state.reported = [:] }
        }
    }

    /// The request for `batch`.
    static func request(_ batch: [String: Pending]) -> Vdxp_Monitoring_V1_RecordMemberActivityRequest {
        .with {
            $0.members = batch.keys.sorted().map { member in
                .with {
                    $0.organisationID = member
                    $0.lastCallTime = .init(date: batch[member]!.lastCallTime)
                    $0.method = batch[member]!.method
                }
            }
        }
    }

    func run() async throws {
        let transport = try TransportFactory.mutualTLSClient(
            target: monitoring, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        try await withGRPCClient(transport: transport) { client in
            let monitoring = Vdxp_Monitoring_V1_MonitoringService.Client(wrapping: client)
            var failing = false
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.flushInterval) }
                let batch = take()
                guard !batch.isEmpty else { continue }
                for chunk in Self.chunks(of: batch) {
                    do {
                        _ = try await monitoring.recordMemberActivity(
                            Self.request(chunk), options: .with(timeout: .seconds(10)))
                        settle(chunk, delivered: true)
                        if failing { logger.info("members' activity reaches Monitoring again") }
                        failing = false
                    } catch {
                        settle(chunk, delivered: false)
                        if !failing {
                            logger.warning(
                                "cannot report members' activity to Monitoring; kept and retried",
                                metadata: [
                                    "monitoring": "\(self.monitoring)", "error": "\(loggedDescription(of: error))",
                                ])
                        }
                        failing = true
                    }
                }
            }
        }
    }

    /// `batch` in requests of at most 1000 members (Monitoring's limit).
    static func chunks(of batch: [String: Pending]) -> [[String: Pending]] {
        let members = batch.keys.sorted()
        return stride(from: 0, to: members.count, by: 1000).map { start in
            Dictionary(uniqueKeysWithValues: members[start..<min(start + 1000, members.count)].map { ($0, batch[$0]!) })
        }
    }
}

extension CallOptions {
    fileprivate static func with(timeout: Duration) -> CallOptions {
        var options = CallOptions.defaults
        options.timeout = timeout
        return options
    }
}
