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

    /// Follows Exchange's journal after `sequence` (to its head with `untilHead`, else live) and hands it to `apply`
    /// in batches of at most `batchSize` entries, in order — everything that arrived while the previous batch was
    /// applied; returns the sequence of the last entry applied (`sequence` when none came). `alongside` runs beside
    /// the stream and may end it early through the buffer (`finish(throwing:discardingBuffered:)`). What the
    /// projections of the journal (Search, Report, Monitoring) run for each connection to Exchange.
    public static func applying(
        journalOf exchange: HostAndPort, after sequence: Int64, untilHead: Bool = false, batchSize: Int,
        certificatePath: String, keyPath: String, platformCAPath: String,
        alongside: (@Sendable (BatchingBuffer) async throws -> Void)? = nil,
        _ apply: ([Element]) async throws -> Void
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
            while let batch = try await buffer.next(maximum: batchSize), let newest = batch.last {
                try await apply(batch)
                last = newest.sequence
            }
            return last
        }
    }
}
