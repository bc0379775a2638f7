import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// The documents Exchange's journal says were sent (`monitoring.documents`): who sent each and what it is about, so
/// that a failed delivery — whose journal entry names only the recipient — alerts its sender (Art. 13.2), and a
/// sender's later act on its document (a retract request, a retry) is counted as the sender's. Read and written a
/// batch at a time by ``SentRecords``, inside the journal follower's transaction that advances the cursor.
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

    /// The documents among `documentIDs` whose sending the journal recorded.
    func documents(_ documentIDs: [String], on connection: PostgresConnection) async throws -> [SentDocument] {
        guard !documentIDs.isEmpty else { return [] }
        var found: [SentDocument] = []
        for try await row in try await database.query(
            """
            SELECT document_id, sender_organisation_id, subject, send_time FROM monitoring.documents
            WHERE document_id = ANY(\(documentIDs))
            """, on: connection, logger: logger
        ).decode((String, String, String, Date).self) {
            found.append(
                SentDocument(documentID: row.0, senderOrganisationID: row.1, subject: row.2, sendTime: row.3))
        }
        return found
    }

    /// Records `documents` with one statement inside the caller's transaction; a document recorded before (an
    /// UPDATE that kept its id) is replaced. Each document appears at most once.
    func save(_ documents: [SentDocument], on connection: PostgresConnection) async throws {
        guard !documents.isEmpty else { return }
        var rows = ValuesRows()
        for document in documents {
            rows.startRow()
            rows.bind(document.documentID)
            rows.bind(document.senderOrganisationID)
            rows.bind(document.subject)
            rows.bind(document.sendTime)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO monitoring.documents (document_id, sender_organisation_id, subject, send_time)
                    VALUES \(rows.sql)
                    ON CONFLICT (document_id) DO UPDATE
                    SET sender_organisation_id = EXCLUDED.sender_organisation_id, subject = EXCLUDED.subject,
                        send_time = EXCLUDED.send_time
                    """, binds: rows.binds), on: connection, logger: logger)
    }

    /// Deletes at most `limit` documents sent before `cutoff`, oldest first (by `documents_by_send_time`), inside the
    /// caller's transaction, and returns how many. A document one of whose deliveries was sent or retried at
    /// `cutoff` or later (``DeliveryTimesStore``, by `deliveries_by_document`) is kept: that delivery may still fail,
    /// and its failure alerts the document's sender. ``SentRecordRetention`` chooses the cutoff. The check is a scalar
    /// subquery, one index lookup per document looked at: as NOT EXISTS, PostgreSQL may join a batch against every
    /// delivery sent within retention (months of them).
    func deleteSent(before cutoff: Date, limit: Int, on connection: PostgresConnection) async throws -> Int {
        var deleted = 0
        for try await _ in try await database.query(
            """
            DELETE FROM monitoring.documents WHERE document_id IN (
                SELECT d.document_id FROM monitoring.documents d
                WHERE d.send_time < \(cutoff)
                  AND coalesce(
                      (SELECT max(v.send_time) FROM monitoring.deliveries v WHERE v.document_id = d.document_id),
                      '-infinity') < \(cutoff)
                ORDER BY d.send_time LIMIT \(limit))
            RETURNING 1
            """, on: connection, logger: logger
        ).decode(Int32.self) {
            deleted += 1
        }
        return deleted
    }
}
