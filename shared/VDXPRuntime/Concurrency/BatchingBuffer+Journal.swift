import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
public import VDXPProto

extension BatchingBuffer where Element == Vdxp_Exchange_V1_JournalEntry {
    /// Streams Exchange's journal (`StreamJournal`, with this service's certificate) from after `sequence` into the
    /// buffer, until the stream fails, the buffer is closed or the task is cancelled — and then always finishes the
    /// buffer (with the stream's error, if any), so that the consumer never waits for nothing. What the projections
    /// of the journal (Search, Report) run as their producer.
    public func fill(
        fromJournalOf exchange: HostAndPort, after sequence: Int64, certificatePath: String, keyPath: String,
        platformCAPath: String
    ) async {
        do {
            let transport = try TransportFactory.mutualTLSClient(
                target: exchange, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
            try await withGRPCClient(transport: transport) { client in
                let exchange = Vdxp_Exchange_V1_ExchangeService.Client(wrapping: client)
                try await exchange.streamJournal(.with { $0.afterSequence = sequence }) { response in
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
}
