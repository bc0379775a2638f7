import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Follows Exchange's journal (`StreamJournal`, with Search's service certificate) from the stored cursor: each
/// entry's projection (`JournalProjection`) is written to the index and the cursor advances, in one transaction on
/// the primary — restart-safe and exactly once, on any number of replicas (the cursor row is locked for the
/// transaction). Catches up from the cursor after downtime; reconnects after any failure, backing off to 5 s.
struct JournalFollower: Service {
    let exchange: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let database: Database
    let cursor: JournalCursorStore
    let index: IndexStore
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
        let start = try await cursor.position().afterSequence
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
        let projection = try JournalProjection(entry: entry)
        try await database.transaction(logger: logger) { connection in
            let position = try await cursor.lock(on: connection)
            guard entry.sequence > position else { return }
            // The journal has no gaps: an entry past the next one means the cursor was moved back (a rebuild
            // emptied the index); reconnecting streams again from the cursor.
            guard entry.sequence == position + 1 else { throw CursorMovedBack(cursor: position, entry: entry.sequence) }
            for change in projection.changes {
                switch change {
                case .document(let fields, let recipients):
                    try await index.upsert(fields, on: connection)
                    for recipient in recipients {
                        try await index.queue(
                            documentID: fields.documentID, recipientID: recipient,
                            level1: JournalProjection.level1(of: recipient), on: connection)
                    }
                    try await index.refreshParties(documentID: fields.documentID, on: connection)
                case .recipient(let documentID, let recipientID, let deliveryState, let status, let statusTime):
                    try await index.update(
                        documentID: documentID, recipientID: recipientID, deliveryState: deliveryState,
                        status: status, statusTime: statusTime, on: connection)
                }
            }
            try await index.record(projection.event, on: connection)
            try await cursor.advance(to: entry.sequence, eventTime: entry.recordTime.date, on: connection)
        }
    }
}

/// The stored cursor is behind the entry streamed (the index was reset for a rebuild): the follower reconnects from
/// the cursor.
struct CursorMovedBack: Error, CustomStringConvertible {
    let cursor: Int64
    let entry: Int64

    var description: String {
        "the journal cursor is at \(cursor) but entry \(entry) arrived: the index was reset; following again from "
            + "the cursor"
    }
}
