import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Hands the alerts of Ticket's outbox to Monitoring's `SubmitAlert`, over mutual TLS as `service:ticket`, until
/// Monitoring answers each one. A row stays pending — never dropped — while Monitoring is unreachable, does not
/// serve `SubmitAlert` yet (UNIMPLEMENTED) or refuses for a while; it is retried with a growing pause (5 s doubling to
/// 10 min). Monitoring deduplicates on the row's idempotency key, so a retry after a lost answer raises nothing twice.
///
/// Safe on every replica, and no transaction is open while Monitoring is called: a round claims its rows in one short
/// statement (`FOR UPDATE SKIP LOCKED`, then a lease of ``lease`` under a token of its own), calls Monitoring with no
/// lock held, and records each outcome in another statement under the same token. A replica that dies mid-round
/// leaves its rows to the others when the lease ends; the lease outlasts the 10-second call timeout, so a row is
/// handed over by one dispatcher at a time.
struct AlertDispatcher: Service {
    let database: Database
    let outbox: AlertOutboxStore
    /// Submits one alert and returns Monitoring's alert id.
    let submit: @Sendable (Vdxp_Monitoring_V1_SubmitAlertRequest) async throws -> Int64
    let interval: Duration
    let clock: WallClock
    let logger: Logger
    /// Counts the 5 working days of a maintenance notice again once it went out (Art. 18.2.b); nil for none.
    var lateNotices: LateMaintenanceNotice?
    /// Most alerts handed over in one round.
    var batch = 50

    /// How long a round holds the rows it claimed: longer than a whole round of calls of at most 10 s each would
    /// normally take, short enough that a dead replica's rows are soon taken up again.
    static let lease: TimeInterval = 120

    /// Dispatches every `interval` until graceful shutdown.
    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot dispatch alerts to Monitoring") {
            _ = try await dispatch()
        }
    }

    /// The pause before attempt `attempts + 1`: 5 s, doubling, at most 10 minutes.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(600, 5 * pow(2, Double(min(attempts, 10))))
    }

    /// Hands over the alerts due now; returns how many Monitoring took. Once Monitoring cannot be reached
    /// (UNAVAILABLE, or no answer in time) the round stops calling: the rest of its alerts wait for the next attempt
    /// like the one that failed, instead of each waiting out its own 10 s — past the round's lease.
    @discardableResult
    func dispatch() async throws -> Int {
        let now = clock.now()
        let token = UUID()
        var delivered = 0
        var unreachable: (any Error)?
        for (alert, attempts) in try await outbox.claim(now: now, lease: Self.lease, limit: batch, token: token) {
            let alertID: Int64
            do {
                if let unreachable { throw unreachable }
                alertID = try await submit(alert.request)
            } catch {
                // The pause counts from the failure, not from the round's start, which may be a while ago.
                let next = clock.now().addingTimeInterval(Self.backoff(afterAttempts: attempts))
                try await outbox.markFailed(alert.id, token: token, error: "\(error)", next: next)
                logger.warning(
                    "alert not handed to Monitoring; retried later",
                    metadata: [
                        "key": "\(alert.idempotencyKey)", "error": "\(loggedDescription(of: error))", "next": "\(next)",
                    ])
                if let rpc = error as? RPCError, [.unavailable, .deadlineExceeded].contains(rpc.code) {
                    unreachable = error
                }
                continue
            }
            if try await outbox.markDelivered(alert.id, token: token, alertID: alertID, at: now) {
                delivered += 1
                await lateNotices?.delivered(alert, at: clock.now())
            } else {
                logger.warning(
                    "alert handed to Monitoring after its lease ended; Monitoring deduplicates it",
                    metadata: ["key": "\(alert.idempotencyKey)"])
            }
        }
        return delivered
    }
}

extension AlertDispatcher {
    /// `SubmitAlert` on Monitoring at `address`, as this service's certificate.
    static func monitoringSubmitter(
        address: HostAndPort?, certificatePath: String, keyPath: String, platformCAPath: String
    ) -> @Sendable (Vdxp_Monitoring_V1_SubmitAlertRequest) async throws -> Int64 {
        { request in
            guard let address else {
                throw RPCError(code: .unavailable, message: "VDXP_MONITORING_ADDRESS is not set: alerts wait")
            }
            let transport = try TransportFactory.mutualTLSClient(
                target: address, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
            return try await withGRPCClient(transport: transport) { client in
                let monitoring = Vdxp_Monitoring_V1_MonitoringService.Client(wrapping: client)
                var options = CallOptions.defaults
                options.timeout = .seconds(10)
                return try await monitoring.submitAlert(request, options: options).alertID
            }
        }
    }
}
