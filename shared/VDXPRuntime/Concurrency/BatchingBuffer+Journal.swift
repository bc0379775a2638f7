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
}
