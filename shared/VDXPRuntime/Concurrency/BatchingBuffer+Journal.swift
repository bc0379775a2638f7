import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
public import VDXPProto

extension BatchingBuffer where Element == Vdxp_Exchange_V1_JournalEntry {
    /// Streams Exchange's journal (`StreamJournal`, with this service's certificate) from after `sequence` into the
    /// buffer, until the stream fails or ends (with `untilHead`, at the entries chained when it asked), the buffer is
    /// closed or the task is cancelled — and then always finishes the buffer (with the stream's error, if any), so
    /// that the consumer never waits for nothing. What the projections of the journal (Search, Report, Monitoring)
    /// run as their producer.
    public func fill(
        fromJournalOf exchange: HostAndPort, after sequence: Int64, untilHead: Bool = false, certificatePath: String,
        keyPath: String, platformCAPath: String
    ) async {
        do {
            let transport = try TransportFactory.mutualTLSClient(
                target: exchange, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
            try await withGRPCClient(transport: transport) { client in
                let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: client)
                let request = Vdxp_Exchange_V1_StreamJournalRequest.with {
                    $0.afterSequence = sequence
                    $0.untilHead = untilHead
                }
                try await exchange.streamJournal(request) { response in
                    for try await entry in response.messages {
                        guard await self.append(entry) else { return }
                    }
                }
            }
            finish()
        } catch {
            finish(throwing: error)
        }
    }

    /// How long a batch of a projection gathers entries while they keep coming: a batch is taken at the earliest
    /// this long after the previous one started, unless the previous one was full. During a burst (every ministry
    /// sending at 17:00) each projection then writes a few batches a second, whose fixed cost — the transaction, the
    /// cursor, a member's row, a rollup row — is shared by many entries, instead of a batch of one or two entries
    /// after each; an entry waits at most this much longer before it is projected.
    public static var journalBatchInterval: Duration { .milliseconds(100) }

    /// Follows Exchange's journal after `sequence` (to its head with `untilHead`, else live) and hands it to `apply`
    /// in batches of at most `batchSize` entries, in order — everything that arrived while the previous batch was
    /// applied, and for at least `interval` after the previous batch started (``journalBatchInterval``); returns the
    /// sequence of the last entry applied (`sequence` when none came). `alongside` runs beside the stream and may end
    /// it early through the buffer (`finish(throwing:discardingBuffered:)`). Each batch applied and each connection
    /// that ends in an error are told to `metrics`. What the projections of the journal (Search, Report, Monitoring)
    /// run for each connection to Exchange.
    public static func applying(
        journalOf exchange: HostAndPort, after sequence: Int64, untilHead: Bool = false, batchSize: Int,
        interval: Duration = journalBatchInterval,
        certificatePath: String, keyPath: String, platformCAPath: String,
        metrics: JournalFollowMetrics = JournalFollowMetrics(),
        alongside: (@Sendable (BatchingBuffer) async throws -> Void)? = nil,
        _ apply: ([Element]) async throws -> Void
    ) async throws -> Int64 {
        do {
            return try await applyingBatches(
                journalOf: exchange, after: sequence, untilHead: untilHead, batchSize: batchSize, interval: interval,
                certificatePath: certificatePath, keyPath: keyPath, platformCAPath: platformCAPath, metrics: metrics,
                alongside: alongside, apply)
        } catch {
            // A shutdown's cancellation is not a failure to follow.
            if !(error is CancellationError) && !Task.isCancelled { metrics.failed() }
            throw error
        }
    }

    private static func applyingBatches(
        journalOf exchange: HostAndPort, after sequence: Int64, untilHead: Bool, batchSize: Int, interval: Duration,
        certificatePath: String, keyPath: String, platformCAPath: String, metrics: JournalFollowMetrics,
        alongside: (@Sendable (BatchingBuffer) async throws -> Void)?, _ apply: ([Element]) async throws -> Void
    ) async throws -> Int64 {
        let buffer = BatchingBuffer(capacity: 4 * batchSize)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await buffer.fill(
                    fromJournalOf: exchange, after: sequence, untilHead: untilHead, certificatePath: certificatePath,
                    keyPath: keyPath, platformCAPath: platformCAPath)
            }
            if let alongside { group.addTask { try await alongside(buffer) } }
            defer {
                buffer.close()
                group.cancelAll()
            }
            var last = sequence
            try await buffer.applyBatches(maximum: batchSize, gatheringFor: interval) { batch in
                try await apply(batch)
                metrics.applied(batch, at: Date())
                if let newest = batch.last { last = newest.sequence }
            }
            return last
        }
    }
}
