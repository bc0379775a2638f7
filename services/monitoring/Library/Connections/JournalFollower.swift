import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Follows Exchange's journal (`StreamJournal`, with Monitoring's service certificate) from the stored cursor: each
/// entry's acting member gets its activity recorded, a failed delivery alerts its sender (``FailedDeliveryAlerts``),
/// the entry counts in the operational statistics (``OperationStatisticsRecorder``), and the cursor advances, in one
/// transaction — restart-safe and exactly once, on any number of replicas (the cursor row is locked for the
/// transaction). Reconnects after any failure, backing off to 5 s.
struct JournalFollower: Service {
    let exchange: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let database: Database
    let cursor: JournalCursorStore
    let tracker: ConnectionTracker
    let failures: FailedDeliveryAlerts
    let statistics: OperationStatisticsRecorder
    let logger: Logger

    func run() async throws {
        var delay = Duration.milliseconds(200)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await self.followOnce() }
                delay = .milliseconds(200)
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                logger.warning(
                    "cannot follow Exchange's journal; retrying",
                    metadata: ["exchange": "\(exchange)", "error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    private func followOnce() async throws {
        let transport = try TransportFactory.mutualTLSClient(
            target: exchange, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        let start = try await cursor.position()
        try await withGRPCClient(transport: transport) { client in
            let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: client)
            try await exchange.streamJournal(.with { $0.afterSequence = start }) { response in
                for try await entry in response.messages {
                    try await apply(entry)
                }
            }
        }
    }

    /// Applies one entry unless it was applied already.
    func apply(_ entry: Vdxp_Exchange_V1_JournalEntry) async throws {
        try await database.transaction(logger: logger) { connection in
            let position = try await cursor.lock(on: connection)
            guard entry.sequence > position else { return }
            for activity in MemberActivity.acts(in: entry) {
                try await tracker.update(activity.organisationID, activity: activity, on: connection)
            }
            try await failures.apply(entry, on: connection)
            try await statistics.apply(entry, on: connection)
            try await cursor.advance(to: entry.sequence, on: connection)
        }
    }
}
