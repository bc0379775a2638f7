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

        /// Whether this version brings its id onto the platform (a new document, or a version under a new id), so
        /// that no other may take it (`documents_introduced_id`, Art. 12.1) — not an UPDATE that keeps its
        /// document's id.
        var introducesID: Bool { documentID != relatedDocumentID }
    }

    /// The instants of an inserted document as PostgreSQL stored them (whole microseconds).
    struct StoredTimes: Sendable {
        var sendTime: Date
        var signingTime: Date
        var deadline: Date
    }

    // MARK: Reading

    /// One version of a document: `version`, or the latest when nil; nil when there is none.
    func document(
        _ documentID: String, version: Int32? = nil, on connection: PostgresConnection? = nil
    ) async throws -> DocumentRow? {
        let versions = try await self.versions(of: documentID, on: connection)
        guard let version else { return versions.last }
        return versions.first { $0.version == version }
    }

    /// Every version stored under `documentID` (one, unless updates kept its id), oldest first.
    func versions(of documentID: String, on connection: PostgresConnection? = nil) async throws -> [DocumentRow] {
        try await database.execute(Versions(documentID: documentID), on: connection, logger: logger)
            .map(DocumentRow.init)
    }

    private struct Versions: PreparedStatement {
        static let sql = "SELECT \(DocumentRow.columns) FROM exchange.documents WHERE document_id = $1 ORDER BY version"
        var documentID: String
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: documentID) }
    }

    /// The version of `documentID` whose signed bytes have `envelopeSHA256`, if one was sent: what makes a retried
    /// send idempotent.
    func version(
        of documentID: String, envelopeSHA256: Data, on connection: PostgresConnection? = nil
    ) async throws -> DocumentRow? {
        try await versions(of: documentID, on: connection).first { $0.envelopeSHA256 == envelopeSHA256 }
    }

    /// Several document versions in one query, by key (keys not found are absent).
    func documents(
        _ keys: [DocumentKey], on connection: PostgresConnection? = nil
    ) async throws -> [DocumentKey: DocumentRow] {
        guard !keys.isEmpty else { return [:] }
        var documents: [DocumentKey: DocumentRow] = [:]
        for row in try await database.execute(Documents(keys: keys), on: connection, logger: logger) {
            let document = try DocumentRow(row)
            documents[document.key] = document
        }
        return documents
    }

    private struct Documents: PreparedStatement {
        static let sql = """
            SELECT \(DocumentRow.columns) FROM exchange.documents
            WHERE (document_id, version) IN (SELECT * FROM unnest($1::text[], $2::integer[]))
            """
        var keys: [DocumentKey]
        func makeBindings() -> PostgresBindings {
            PostgresBindings(binding: keys.map(\.documentID), keys.map { Int32($0.version) })
        }
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

    /// Locks the latest version of a document for the rest of the caller's transaction; nil when there is none.
    func lock(_ documentID: String, on connection: PostgresConnection) async throws -> DocumentRow? {
        var locked: DocumentRow?
        for try await row in try await database.query(
            """
            SELECT \(unescaped: DocumentRow.columns) FROM exchange.documents WHERE document_id = \(documentID)
            ORDER BY version DESC LIMIT 1 FOR UPDATE
            """,
            on: connection, logger: logger)
        {
            locked = try DocumentRow(row)
        }
        return locked
    }

    /// One page of the document versions `sender` sent, newest first, after the keyset `cursor` (exclusive): keys
    /// with their send times in whole microseconds (PostgreSQL's precision, so that a cursor made from them is exact).
    /// Two versions of one id are sent in two transactions, so their send times differ.
    func sentPage(
        by sender: String, after cursor: (sendTimeMicros: Int64, documentID: String)?, limit: Int,
        on connection: PostgresConnection? = nil
    ) async throws -> [(key: DocumentKey, sendTimeMicros: Int64)] {
        // Keyset pagination on the (sender, send_time DESC, document_id DESC) index.
        let afterMicros = cursor?.sendTimeMicros ?? Int64.max
        let afterID = cursor?.documentID ?? ""
        let query: PostgresQuery = """
            SELECT document_id, version, (extract(epoch FROM send_time) * 1000000)::bigint FROM exchange.documents
            WHERE sender = \(sender)
              AND (\(cursor == nil) OR (send_time, document_id)
                   < ('epoch'::timestamptz + \(afterMicros) * interval '1 microsecond', \(afterID)))
            ORDER BY send_time DESC, document_id DESC LIMIT \(limit)
            """
        var page: [(key: DocumentKey, sendTimeMicros: Int64)] = []
        for try await row in try await database.query(query, on: connection, logger: logger)
            .decode((String, Int, Int64).self)
        {
            page.append((key: DocumentKey(documentID: row.0, version: Int32(row.1)), sendTimeMicros: row.2))
        }
        return page
    }

    /// How many chunks one read of ``forEachChunk(of:attachment:_:)`` takes from the database.
    static let chunksPerRead = 4

    /// Calls `body` with each chunk of one attachment of one version, in order.
    ///
    /// The chunks are read ``chunksPerRead`` at a time, each read on a connection borrowed for that read alone, and
    /// `body` runs with no connection held: a download waiting on a slow reader (HTTP/2 flow control) must not keep a
    /// pooled connection that every other call needs (issue 17, `FaultTests`). An attachment never changes once
    /// stored, so reading it in several statements gives the same bytes as one.
    func forEachChunk(
        of key: DocumentKey, attachment index: Int, _ body: (Data) async throws -> Void
    ) async throws {
        var next = 0
        while true {
            // A pooled query: the connection goes back to the pool once the rows are read, before `body` runs.
            let rows = try await database.query(
                """
                SELECT chunk_index, data FROM exchange.attachment_chunks
                WHERE document_id = \(key.documentID) AND version = \(Int(key.version))
                  AND attachment_index = \(index) AND chunk_index >= \(next)
                ORDER BY chunk_index
                LIMIT \(Self.chunksPerRead)
                """, logger: logger)
            var batch: [(index: Int, data: Data)] = []
            for try await (chunk, data) in rows.decode((Int, Data).self) { batch.append((chunk, data)) }
            for chunk in batch { try await body(chunk.data) }
            guard batch.count == Self.chunksPerRead, let last = batch.last else { return }
            next = last.index + 1
        }
    }

    // MARK: Writing

    /// The time the caller's transaction began, which is the send time of a document it stores.
    func transactionTime(on connection: PostgresConnection) async throws -> Date {
        guard let row = try await database.execute(TransactionTime(), on: connection, logger: logger).first else {
            throw PostgresDecodingError.Code.missingData
        }
        return try row.decode(Date.self)
    }

    private struct TransactionTime: PreparedStatement {
        static let sql = "SELECT now()"
        func makeBindings() -> PostgresBindings { PostgresBindings() }
    }

    /// Inserts one accepted document version; a unique violation means its id and version are taken.
    func insert(_ document: NewDocument, on connection: PostgresConnection) async throws -> StoredTimes {
        let header = document.header
        let timeliness = document.timeliness
        let rows = try await database.query(
            """
            INSERT INTO exchange.documents
                (document_id, sender, signed_document, envelope_sha256, priority, attachment_count, attachment_bytes,
                 send_time, business_type, related_document_id, business_reason, lineage_id, version, legal_value,
                 signing_time, send_deadline, on_time, timeliness, legal_value_reason, introduces_id)
            VALUES (\(document.documentID), \(document.sender), \(Data(document.envelope)), \(document.envelopeSHA256),
                    \(Int(header.priority)), \(header.attachments.count), \(document.attachmentBytes),
                    \(document.sendTime), \(header.businessType), \(document.relatedDocumentID),
                    \(header.businessReason), \(document.lineageID), \(Int(document.version)), \(document.legalValue),
                    \(timeliness.signingTime), \(timeliness.deadline), \(timeliness.isOnTime),
                    \(timeliness.description), \(document.legalValueReason), \(document.introducesID))
            RETURNING send_time, signing_time, send_deadline
            """, on: connection, logger: logger)
        for try await (sendTime, signingTime, deadline) in rows.decode((Date, Date, Date).self) {
            return StoredTimes(sendTime: sendTime, signingTime: signingTime, deadline: deadline)
        }
        throw PostgresDecodingError.Code.missingData
    }

    /// A document of a commit group that was written: its id and signed bytes' digest, and its instants as stored.
    struct Inserted: Sendable {
        var documentID: String
        var envelopeSHA256: Data
        var times: StoredTimes
    }

    /// Inserts first versions of new documents in one statement (a commit group, `SendCommitter`); a document whose id
    /// is taken — by an earlier document or version under a new id, or by an earlier one of the same statement — is
    /// skipped (`ON CONFLICT DO NOTHING`, on the key and on `documents_introduced_id`) instead of failing the others.
    /// Returns those written, in statement order.
    func insertNew(_ documents: [NewDocument], on connection: PostgresConnection) async throws -> [Inserted] {
        guard !documents.isEmpty else { return [] }
        var rows = ValuesRows()
        for document in documents {
            let header = document.header
            let timeliness = document.timeliness
            rows.startRow()
            rows.bind(document.documentID)
            rows.bind(document.sender)
            rows.bind(Data(document.envelope))
            rows.bind(document.envelopeSHA256)
            rows.bind(Int(header.priority))
            rows.bind(header.attachments.count)
            rows.bind(document.attachmentBytes)
            rows.bind(document.sendTime)
            try rows.bind(header.businessType)
            rows.bind(document.relatedDocumentID)
            rows.bind(header.businessReason)
            rows.bind(document.lineageID)
            rows.bind(Int(document.version))
            try rows.bind(document.legalValue)
            rows.bind(timeliness.signingTime)
            rows.bind(timeliness.deadline)
            rows.bind(timeliness.isOnTime)
            rows.bind(timeliness.description)
            rows.bind(document.legalValueReason)
            rows.bind(document.introducesID)
        }
        let query = PostgresQuery(
            unsafeSQL: """
                INSERT INTO exchange.documents
                    (document_id, sender, signed_document, envelope_sha256, priority, attachment_count,
                     attachment_bytes, send_time, business_type, related_document_id, business_reason, lineage_id,
                     version, legal_value, signing_time, send_deadline, on_time, timeliness, legal_value_reason,
                     introduces_id)
                VALUES \(rows.sql)
                ON CONFLICT DO NOTHING
                RETURNING document_id, envelope_sha256, send_time, signing_time, send_deadline
                """, binds: rows.binds)
        var inserted: [Inserted] = []
        for try await (documentID, envelopeSHA256, sendTime, signingTime, deadline) in try await database.query(
            query, on: connection, logger: logger
        ).decode((String, Data, Date, Date, Date).self) {
            inserted.append(
                Inserted(
                    documentID: documentID, envelopeSHA256: envelopeSHA256,
                    times: StoredTimes(sendTime: sendTime, signingTime: signingTime, deadline: deadline)))
        }
        return inserted
    }

    /// One attachment chunk to store with ``insertChunks(_:on:)``.
    struct NewChunk: Sendable {
        var key: DocumentKey
        var attachment: Int
        var chunk: Int
        var data: Data
    }

    /// Stores attachment chunks of any documents in one statement.
    func insertChunks(_ chunks: [NewChunk], on connection: PostgresConnection) async throws {
        guard !chunks.isEmpty else { return }
        var rows = ValuesRows()
        for chunk in chunks {
            rows.startRow()
            rows.bind(chunk.key.documentID)
            rows.bind(Int(chunk.key.version))
            rows.bind(chunk.attachment)
            rows.bind(chunk.chunk)
            rows.bind(chunk.data)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO exchange.attachment_chunks (document_id, version, attachment_index, chunk_index, data)
                    VALUES \(rows.sql)
                    """, binds: rows.binds), on: connection, logger: logger)
    }

    /// Stores one chunk of an attachment of one version.
    func insertChunk(
        _ data: Data, of key: DocumentKey, attachment: Int, chunk: Int, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            INSERT INTO exchange.attachment_chunks (document_id, version, attachment_index, chunk_index, data)
            VALUES (\(key.documentID), \(Int(key.version)), \(attachment), \(chunk), \(data))
            """, on: connection, logger: logger)
    }

    /// Records that the version `key` was revoked by `revokingDocumentID` (Art. 15.3).
    func markRevoked(_ key: DocumentKey, by revokingDocumentID: String, on connection: PostgresConnection)
        async throws
    {
        try await database.query(
            """
            UPDATE exchange.documents SET revoked_by = \(revokingDocumentID)
            WHERE document_id = \(key.documentID) AND version = \(Int(key.version))
            """,
            on: connection, logger: logger)
    }

    /// Records that the version `key` was superseded by its next version `next` (Art. 15.4), which may keep its id.
    func markSuperseded(_ key: DocumentKey, by next: DocumentKey, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE exchange.documents SET superseded_by = \(next.documentID), superseded_by_version = \(Int(next.version))
            WHERE document_id = \(key.documentID) AND version = \(Int(key.version))
            """,
            on: connection, logger: logger)
    }
}
