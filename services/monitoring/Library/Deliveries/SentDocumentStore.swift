import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The documents Exchange's journal says were sent (`monitoring.documents`): who sent each and what it is about, so
/// that a failed delivery — whose journal entry names only the recipient — alerts its sender (Art. 13.2). Filled
/// by ``JournalFollower`` from "document.sent", in the transaction that advances the cursor.
struct SentDocumentStore: Sendable {
    let database: Database
    let logger: Logger

    /// A document as its "document.sent" entry recorded it.
    struct SentDocument: Sendable, Equatable {
        /// The document id.
        var documentID: String
        /// The member that sent it.
        var senderOrganisationID: String
        /// Its subject (trích yếu).
        var subject: String
        /// When the platform accepted it.
        var sendTime: Date
    }

    /// Records `document` inside the caller's transaction (a second record of one id — an UPDATE that kept the id —
    /// replaces the first).
    func record(_ document: SentDocument, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO monitoring.documents (document_id, sender_organisation_id, subject, send_time)
            VALUES (\(document.documentID), \(document.senderOrganisationID), \(document.subject),
                    \(document.sendTime))
            ON CONFLICT (document_id) DO UPDATE
            SET sender_organisation_id = EXCLUDED.sender_organisation_id, subject = EXCLUDED.subject,
                send_time = EXCLUDED.send_time
            """, on: connection, logger: logger)
    }

    /// The document `documentID`, if the journal recorded its sending.
    func document(_ documentID: String, on connection: PostgresConnection? = nil) async throws -> SentDocument? {
        for try await row in try await database.query(
            """
            SELECT document_id, sender_organisation_id, subject, send_time FROM monitoring.documents
            WHERE document_id = \(documentID)
            """, on: connection, logger: logger
        ).decode((String, String, String, Date).self) {
            return SentDocument(documentID: row.0, senderOrganisationID: row.1, subject: row.2, sendTime: row.3)
        }
        return nil
    }
}
