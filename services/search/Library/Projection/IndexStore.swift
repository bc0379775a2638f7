import Foundation
import Logging
import PostgresNIO
import VDXPProto
import VDXPStore

/// The projection's writes: documents, their recipients and their trace events (`search.documents`,
/// `search.recipients`, `search.events`). Every method runs inside the follower's transaction, the one that also
/// advances the journal cursor.
struct IndexStore: Sendable {
    let database: Database
    let logger: Logger

    /// A document's indexed fields, as a `document.sent` entry gives them.
    struct DocumentFields: Sendable {
        var documentID: String
        var senderID: String
        var senderLevel1: String
        var numberAndNotation: String
        var issueYear: Int
        var subject: String
        var typeName: String
        var priority: Int
        var businessType: Vdxp_Exchange_V1_BusinessType
        var relatedDocumentID: String
        var version: Int
        var legalValue: Vdxp_Exchange_V1_LegalValue
        var sendTime: Date
        var sequence: Int64
        /// The document type's code (1 to 4); 0 when the entry did not carry it.
        var typeCode: Int = 0
        /// The sender's name as the document gives it.
        var senderName = ""
        /// The signer's competence, position and full name.
        var signerCompetence = ""
        var signerPosition = ""
        var signerName = ""
        /// The promulgation place, and its date (`yyyy-MM-dd`, nil when not journalled or unreadable).
        var promulgationPlace = ""
        var promulgationDate: String? = nil
        /// The due date (`yyyy-MM-dd`), nil when none.
        var dueDate: String? = nil
        /// The documents it answers [ResponseFor].
        var responseFor: [String] = []
    }

    /// Stores the document (its latest version: a later UPDATE under the same id overwrites the fields).
    func upsert(_ document: DocumentFields, on connection: PostgresConnection) async throws {
        let text = [document.subject, document.numberAndNotation, document.signerName]
            .filter { !$0.isEmpty }.joined(separator: " ")
        try await database.query(
            """
            INSERT INTO search.documents (
                document_id, sender_id, sender_level1, number_and_notation, issue_year, subject, type_name, priority,
                business_type, related_document_id, version, legal_value, send_time, last_sequence, search_text,
                search_vector, type_code, sender_name, signer_competence, signer_position, signer_name,
                promulgation_place, promulgation_date, due_date, response_for)
            VALUES (
                \(document.documentID), \(document.senderID), \(document.senderLevel1), \(document.numberAndNotation),
                \(document.issueYear), \(document.subject), \(document.typeName), \(Int16(document.priority)),
                \(document.businessType), \(document.relatedDocumentID), \(document.version), \(document.legalValue),
                \(document.sendTime), \(document.sequence), search.fold(\(text)),
                to_tsvector('simple'::regconfig, search.fold(\(text))), \(Int16(clamping: document.typeCode)),
                \(document.senderName), \(document.signerCompetence), \(document.signerPosition), \(document.signerName),
                \(document.promulgationPlace), \(document.promulgationDate)::date, \(document.dueDate)::date,
                \(document.responseFor))
            ON CONFLICT (document_id) DO UPDATE SET
                subject = excluded.subject, type_name = excluded.type_name, priority = excluded.priority,
                business_type = excluded.business_type, related_document_id = excluded.related_document_id,
                version = excluded.version, legal_value = excluded.legal_value, send_time = excluded.send_time,
                last_sequence = excluded.last_sequence, search_text = excluded.search_text,
                search_vector = excluded.search_vector, type_code = excluded.type_code,
                sender_name = excluded.sender_name, signer_competence = excluded.signer_competence,
                signer_position = excluded.signer_position, signer_name = excluded.signer_name,
                promulgation_place = excluded.promulgation_place, promulgation_date = excluded.promulgation_date,
                due_date = excluded.due_date, response_for = excluded.response_for
            """, on: connection, logger: logger)
        try await database.query(
            """
            INSERT INTO search.words (word)
            SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search.fold(\(text))))) AS w
            WHERE w ~ '^[a-z]+$'
            ON CONFLICT (word) DO NOTHING
            """, on: connection, logger: logger)
    }

    /// Adds a recipient QUEUED with no status yet, or puts it back to that for a new version.
    func queue(
        documentID: String, recipientID: String, level1: String, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            INSERT INTO search.recipients (document_id, organisation_id, level1, delivery_state, status, status_time)
            VALUES (
                \(documentID), \(recipientID), \(level1), \(Vdxp_Exchange_V1_DeliveryState.queued),
                \(Vdxp_Exchange_V1_DocumentStatus.unspecified), NULL)
            ON CONFLICT (document_id, organisation_id) DO UPDATE SET
                delivery_state = excluded.delivery_state, status = excluded.status, status_time = NULL
            """, on: connection, logger: logger)
    }

    /// Recomputes the organisations the documents `documentIDs` concern (their sender and recipients, `parties`: who
    /// may see them) and their level-1 units (`party_level1`), after their recipients are stored: a member's
    /// visibility and the `level1_unit_ids` filter are then one index condition each; and lists each document under
    /// each party by send time (`document_parties`: a member's newest documents). Three statements whatever the number
    /// of documents: a batch of the journal refreshes its documents together.
    func refreshParties(documentIDs: [String], on connection: PostgresConnection) async throws {
        guard !documentIDs.isEmpty else { return }
        try await database.query(
            """
            UPDATE search.documents d SET
                parties = ARRAY(
                    SELECT d.sender_id
                    UNION SELECT r.organisation_id FROM search.recipients r WHERE r.document_id = d.document_id
                    ORDER BY 1),
                party_level1 = ARRAY(
                    SELECT DISTINCT u.level1 FROM (
                        SELECT d.sender_level1 AS level1
                        UNION SELECT r.level1 FROM search.recipients r WHERE r.document_id = d.document_id
                    ) u WHERE u.level1 <> '' ORDER BY u.level1)
            WHERE d.document_id = ANY(\(documentIDs))
            """, on: connection, logger: logger)
        try await database.query(
            "DELETE FROM search.document_parties WHERE document_id = ANY(\(documentIDs))", on: connection,
            logger: logger)
        try await database.query(
            """
            INSERT INTO search.document_parties (organisation_id, document_id, send_time)
            SELECT p.organisation_id, d.document_id, d.send_time
            FROM search.documents d, unnest(d.parties) AS p (organisation_id) WHERE d.document_id = ANY(\(documentIDs))
            """, on: connection, logger: logger)
    }

    /// Sets a recipient's delivery state, and its status when `status` is given.
    func update(
        documentID: String, recipientID: String, deliveryState: Vdxp_Exchange_V1_DeliveryState?,
        status: Vdxp_Exchange_V1_DocumentStatus?, statusTime: Date?, on connection: PostgresConnection
    ) async throws {
        if let deliveryState {
            try await database.query(
                """
                UPDATE search.recipients SET delivery_state = \(deliveryState)
                WHERE document_id = \(documentID) AND organisation_id = \(recipientID)
                """, on: connection, logger: logger)
        }
        if let status {
            try await database.query(
                """
                UPDATE search.recipients SET status = \(status), status_time = \(statusTime)
                WHERE document_id = \(documentID) AND organisation_id = \(recipientID)
                """, on: connection, logger: logger)
        }
    }

    /// Records trace events (each once: the journal sequence is its key), in one statement.
    func record(_ events: [TraceEventRow], on connection: PostgresConnection) async throws {
        guard !events.isEmpty else { return }
        var rows = ValuesRows()
        for event in events {
            rows.startRow()
            rows.bind(event.sequence)
            rows.bind(event.documentID)
            rows.bind(event.eventTime)
            rows.bind(event.eventType)
            rows.bind(event.actorID)
            rows.bind(event.recipientID)
            rows.bind(event.status)
            rows.bind(event.description)
            rows.bind(event.entryHash)
        }
        let sql = """
            INSERT INTO search.events (
                sequence, document_id, event_time, event_type, actor_id, recipient_id, status, description, entry_hash)
            VALUES \(rows.sql)
            ON CONFLICT (sequence) DO NOTHING
            """
        try await database.query(PostgresQuery(unsafeSQL: sql, binds: rows.binds), on: connection, logger: logger)
    }
}

/// One trace event as stored.
struct TraceEventRow: Sendable, Equatable {
    var sequence: Int64
    var documentID: String
    var eventTime: Date
    var eventType: String
    var actorID: String
    var recipientID: String
    var status: Vdxp_Exchange_V1_DocumentStatus
    var description: String
    var entryHash: Data
}
