import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// Documents, `exchange.documents` with their attachment bytes (`exchange.attachment_chunks`) and revision
/// lineage: every statement on those tables. Each method runs on the given connection (a caller's transaction) or,
/// without one, on the pool.
struct DocumentStore: Sendable {
    let database: Database
    let logger: Logger

    /// A document version as ``insert(_:on:)`` writes it.
    struct NewDocument: Sendable {
        var documentID: String
        var sender: String
        /// The serialized `SignedDocument`, exactly as received.
        var envelope: [UInt8]
        var envelopeSHA256: Data
        var header: Vdxp_Exchange_V1_DocumentHeader
        var attachmentBytes: Int64
        var sendTime: Date
        var relatedDocumentID: String?
        var lineageID: String
        var version: Int32
        var legalValue: Vdxp_Exchange_V1_LegalValue
        /// Why it is reference-only; empty when legally valid.
        var legalValueReason: String
        var timeliness: Timeliness
    }

    /// The instants of an inserted document as PostgreSQL stored them (whole microseconds).
    struct StoredTimes: Sendable {
        var sendTime: Date
        var signingTime: Date
        var deadline: Date
    }

    // MARK: Reading

    /// One document version, or nil.
    func document(_ documentID: String, on connection: PostgresConnection? = nil) async throws -> DocumentRow? {
        try await documents([documentID], on: connection)[documentID]
    }

    /// Several documents in one query, by id (ids not found are absent).
    func documents(
        _ documentIDs: [String], on connection: PostgresConnection? = nil
    ) async throws -> [String: DocumentRow] {
        guard !documentIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            "SELECT \(unescaped: DocumentRow.columns) FROM exchange.documents WHERE document_id = ANY(\(documentIDs))",
            on: connection, logger: logger)
        var documents: [String: DocumentRow] = [:]
        for try await row in rows {
            let document = try DocumentRow(row)
            documents[document.documentID] = document
        }
        return documents
    }

    /// The versions of a lineage, oldest first.
    func lineage(_ lineageID: String, on connection: PostgresConnection? = nil) async throws -> [DocumentRow] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: DocumentRow.columns) FROM exchange.documents
            WHERE lineage_id = \(lineageID) ORDER BY version
            """, on: connection, logger: logger)
        var versions: [DocumentRow] = []
        for try await row in rows { versions.append(try DocumentRow(row)) }
        return versions
    }

    /// Locks a document version for the rest of the caller's transaction; nil when there is none.
    func lock(_ documentID: String, on connection: PostgresConnection) async throws -> DocumentRow? {
        var locked: DocumentRow?
        for try await row in try await database.query(
            "SELECT \(unescaped: DocumentRow.columns) FROM exchange.documents WHERE document_id = \(documentID) FOR UPDATE",
            on: connection, logger: logger)
        {
            locked = try DocumentRow(row)
        }
        return locked
    }

    /// One page of the documents `sender` sent, newest first, after the keyset `cursor` (exclusive): ids with
    /// their send times in whole microseconds (PostgreSQL's precision, so that a cursor made from them is exact).
    func sentPage(
        by sender: String, after cursor: (sendTimeMicros: Int64, documentID: String)?, limit: Int,
        on connection: PostgresConnection? = nil
    ) async throws -> [(documentID: String, sendTimeMicros: Int64)] {
        // Keyset pagination on the (sender, send_time DESC, document_id DESC) index.
        let query: PostgresQuery
        if let cursor {
            query = """
                SELECT document_id, (extract(epoch FROM send_time) * 1000000)::bigint FROM exchange.documents
                WHERE sender = \(sender)
                  AND (send_time, document_id)
                      < ('epoch'::timestamptz + \(cursor.sendTimeMicros) * interval '1 microsecond', \(cursor.documentID))
                ORDER BY send_time DESC, document_id DESC LIMIT \(limit)
                """
        } else {
            query = """
                SELECT document_id, (extract(epoch FROM send_time) * 1000000)::bigint FROM exchange.documents
                WHERE sender = \(sender)
                ORDER BY send_time DESC, document_id DESC LIMIT \(limit)
                """
        }
        var page: [(documentID: String, sendTimeMicros: Int64)] = []
        for try await row in try await database.query(query, on: connection, logger: logger)
            .decode((String, Int64).self)
        {
            page.append((documentID: row.0, sendTimeMicros: row.1))
        }
        return page
    }

    /// Calls `body` with each chunk of one attachment, in order, on one pooled connection.
    func forEachChunk(
        of documentID: String, attachment index: Int, _ body: (Data) async throws -> Void
    ) async throws {
        let logger = self.logger
        try await database.withConnection { connection in
            let rows = try await database.query(
                """
                SELECT data FROM exchange.attachment_chunks
                WHERE document_id = \(documentID) AND attachment_index = \(index) ORDER BY chunk_index
                """, on: connection, logger: logger)
            for try await data in rows.decode(Data.self) { try await body(data) }
        }
    }

    // MARK: Writing

    /// The time the caller's transaction began, which is the send time of a document it stores.
    func transactionTime(on connection: PostgresConnection) async throws -> Date {
        var now: Date?
        for try await value in try await database.query("SELECT now()", on: connection, logger: logger).decode(
            Date.self)
        {
            now = value
        }
        guard let now else { throw PostgresDecodingError.Code.missingData }
        return now
    }

    /// Inserts one accepted document version; a unique violation means its id is taken.
    func insert(_ document: NewDocument, on connection: PostgresConnection) async throws -> StoredTimes {
        let header = document.header
        let timeliness = document.timeliness
        let rows = try await database.query(
            """
            INSERT INTO exchange.documents
                (document_id, sender, signed_document, envelope_sha256, priority, attachment_count, attachment_bytes,
                 send_time, business_type, related_document_id, business_reason, lineage_id, version, legal_value,
                 signing_time, send_deadline, on_time, timeliness, legal_value_reason)
            VALUES (\(document.documentID), \(document.sender), \(Data(document.envelope)), \(document.envelopeSHA256),
                    \(Int(header.priority)), \(header.attachments.count), \(document.attachmentBytes),
                    \(document.sendTime), \(header.businessType), \(document.relatedDocumentID),
                    \(header.businessReason), \(document.lineageID), \(Int(document.version)), \(document.legalValue),
                    \(timeliness.signingTime), \(timeliness.deadline), \(timeliness.isOnTime),
                    \(timeliness.description), \(document.legalValueReason))
            RETURNING send_time, signing_time, send_deadline
            """, on: connection, logger: logger)
        for try await (sendTime, signingTime, deadline) in rows.decode((Date, Date, Date).self) {
            return StoredTimes(sendTime: sendTime, signingTime: signingTime, deadline: deadline)
        }
        throw PostgresDecodingError.Code.missingData
    }

    /// Stores one chunk of an attachment.
    func insertChunk(
        _ data: Data, of documentID: String, attachment: Int, chunk: Int, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            INSERT INTO exchange.attachment_chunks (document_id, attachment_index, chunk_index, data)
            VALUES (\(documentID), \(attachment), \(chunk), \(data))
            """, on: connection, logger: logger)
    }

    /// Records that `documentID` was revoked by `revokingDocumentID` (Art. 15.3).
    func markRevoked(_ documentID: String, by revokingDocumentID: String, on connection: PostgresConnection)
        async throws
    {
        try await database.query(
            "UPDATE exchange.documents SET revoked_by = \(revokingDocumentID) WHERE document_id = \(documentID)",
            on: connection, logger: logger)
    }

    /// Records that `documentID` was superseded by its next version `newDocumentID` (Art. 15.4).
    func markSuperseded(_ documentID: String, by newDocumentID: String, on connection: PostgresConnection)
        async throws
    {
        try await database.query(
            "UPDATE exchange.documents SET superseded_by = \(newDocumentID) WHERE document_id = \(documentID)",
            on: connection, logger: logger)
    }
}
