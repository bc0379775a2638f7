import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Appends journal entries inside the caller's transaction. Entries are chained later, in commit order, by
/// `JournalSealer`, so writers never wait on one another.
struct JournalWriter: Sendable {
    let logger: Logger

    func append(
        _ event: Vdxp_Exchange_V1_JournalEvent, type: String, documentID: String, on connection: PostgresConnection
    ) async throws {
        let payload: [UInt8] = try event.serializedBytes()
        try await connection.query(
            """
            INSERT INTO exchange.journal (event_type, document_id, payload)
            VALUES (\(type), \(documentID), \(Data(payload)))
            """, logger: logger)
        try await connection.query("SELECT pg_notify(\(ExchangeChannels.journalPending), '')", logger: logger)
    }
}
