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
        /// The organisations this sending concerns, sorted: its sender and recipients. A document's `parties` (who
        /// may see it) are those of all its sendings, less the recipients withdrawn since (``withdraw(_:on:)``).
        var parties: [String] = []
        /// The level-1 units of ``parties``, sorted, without the empty one.
        var partyLevel1: [String] = []
    }

    /// Stores documents (their latest versions: a later UPDATE under the same id overwrites the fields and adds its
    /// parties to the earlier ones), each id once, and the words of their texts for the spelling suggestions: two
    /// statements whatever their number. Who may see a document (`parties`, `party_level1`, indexed for a member's
    /// visibility and the `level1_unit_ids` filter) is written with its row: updating it afterwards would write the
    /// row and every one of its indexes a second time.
    func upsert(_ documents: [DocumentFields], on connection: PostgresConnection) async throws {
        guard !documents.isEmpty else { return }
        var binds = PostgresBindings()
        var rows: [String] = []
        var texts: [String] = []
        for document in documents {
            let text = Self.searchText(
                subject: document.subject, numberAndNotation: document.numberAndNotation,
                signerName: document.signerName)
            texts.append(text)
            let first = binds.count + 1
            binds.append(document.documentID)
            binds.append(document.senderID)
            binds.append(document.senderLevel1)
            binds.append(document.numberAndNotation)
            binds.append(document.issueYear)
            binds.append(document.subject)
            binds.append(document.typeName)
            binds.append(Int16(document.priority))
            try binds.append(document.businessType)
            binds.append(document.relatedDocumentID)
            binds.append(document.version)
            try binds.append(document.legalValue)
            binds.append(document.sendTime)
            binds.append(document.sequence)
            binds.append(text)
            binds.append(Int16(clamping: document.typeCode))
            binds.append(document.senderName)
            binds.append(document.signerCompetence)
            binds.append(document.signerPosition)
            binds.append(document.signerName)
            binds.append(document.promulgationPlace)
            binds.append(document.promulgationDate)
            binds.append(document.dueDate)
            binds.append(document.responseFor)
            binds.append(document.parties)
            binds.append(document.partyLevel1)
            let p = (first..<(first + 26)).map { "$\($0)" }
            // The text is folded for the trigram index and the word index; the dates come as `yyyy-MM-dd`.
            let values =
                p[0..<14] + ["search.fold(\(p[14]))", "to_tsvector('simple'::regconfig, search.fold(\(p[14])))"]
                + p[15..<21] + ["\(p[21])::date", "\(p[22])::date", p[23], p[24], p[25]]
            rows.append("(" + values.joined(separator: ", ") + ")")
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO search.documents (
                        document_id, sender_id, sender_level1, number_and_notation, issue_year, subject, type_name,
                        priority, business_type, related_document_id, version, legal_value, send_time, last_sequence,
                        search_text, search_vector, type_code, sender_name, signer_competence, signer_position,
                        signer_name, promulgation_place, promulgation_date, due_date, response_for, parties,
                        party_level1)
                    VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (document_id) DO UPDATE SET
                        subject = excluded.subject, type_name = excluded.type_name, priority = excluded.priority,
                        business_type = excluded.business_type, related_document_id = excluded.related_document_id,
                        version = excluded.version, legal_value = excluded.legal_value, send_time = excluded.send_time,
                        last_sequence = excluded.last_sequence, search_text = excluded.search_text,
                        search_vector = excluded.search_vector, type_code = excluded.type_code,
                        sender_name = excluded.sender_name, signer_competence = excluded.signer_competence,
                        signer_position = excluded.signer_position, signer_name = excluded.signer_name,
                        promulgation_place = excluded.promulgation_place,
                        promulgation_date = excluded.promulgation_date, due_date = excluded.due_date,
                        response_for = excluded.response_for,
                        parties = ARRAY(
                            SELECT DISTINCT p FROM unnest(documents.parties || excluded.parties) AS p ORDER BY 1),
                        party_level1 = ARRAY(
                            SELECT DISTINCT u FROM unnest(documents.party_level1 || excluded.party_level1) AS u
                            ORDER BY 1)
                    """, binds: binds), on: connection, logger: logger)
        try await database.query(
            """
            INSERT INTO search.words (word)
            SELECT DISTINCT w
            FROM unnest(\(texts)::text[]) AS t (text),
                unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search.fold(t.text)))) AS w
            WHERE w ~ '^[a-z]+$'
            ON CONFLICT (word) DO NOTHING
            """, on: connection, logger: logger)
    }

    /// The words a document is found by (folded and indexed by ``upsert(_:on:)``): its subject, its number and
    /// notation whole and — when it has a `/` — again with each `/` a space, and its signer's name. PostgreSQL's parser
    /// reads `7816/VPCP-TTĐT` as one word (a file path), so that a search for the number alone, `7816`, or the
    /// notation alone, `VPCP-TTĐT` or `TTĐT`, found nothing; its parts are words of their own. Search's migration 4
    /// computes the same for the documents indexed before.
    static func searchText(subject: String, numberAndNotation: String, signerName: String) -> String {
        let parts = numberAndNotation.contains("/") ? numberAndNotation.replacingOccurrences(of: "/", with: " ") : ""
        return [subject, numberAndNotation, parts, signerName].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A recipient of a document sent, for ``queue(_:on:)``.
    struct QueuedRecipient: Sendable, Hashable {
        var documentID: String
        var recipientID: String
        var level1: String
    }

    /// Adds recipients QUEUED with no status yet, or puts them back to that for a new version; each (document,
    /// recipient) once. One statement whatever their number.
    func queue(_ recipients: [QueuedRecipient], on connection: PostgresConnection) async throws {
        guard !recipients.isEmpty else { return }
        try await database.query(
            """
            INSERT INTO search.recipients (document_id, organisation_id, level1, delivery_state, status, status_time)
            SELECT document_id, organisation_id, level1, \(Vdxp_Exchange_V1_DeliveryState.queued),
                \(Vdxp_Exchange_V1_DocumentStatus.unspecified), NULL
            FROM unnest(\(recipients.map(\.documentID))::text[], \(recipients.map(\.recipientID))::text[],
                \(recipients.map(\.level1))::text[]) AS r (document_id, organisation_id, level1)
            ON CONFLICT (document_id, organisation_id) DO UPDATE SET
                delivery_state = excluded.delivery_state, status = excluded.status, status_time = NULL
            """, on: connection, logger: logger)
    }

    /// Lists the documents `documentIDs` under each of their parties by send time (`document_parties`: a member's
    /// newest documents), after ``upsert(_:on:)`` stored them: one statement whatever their number. A party listed
    /// before keeps its row, moved to the document's new send time.
    func listUnderParties(documentIDs: [String], on connection: PostgresConnection) async throws {
        guard !documentIDs.isEmpty else { return }
        try await database.query(
            """
            INSERT INTO search.document_parties (organisation_id, document_id, send_time)
            SELECT p.organisation_id, d.document_id, d.send_time
            FROM search.documents d, unnest(d.parties) AS p (organisation_id) WHERE d.document_id = ANY(\(documentIDs))
            ON CONFLICT (document_id, organisation_id) DO UPDATE SET send_time = excluded.send_time
            WHERE document_parties.send_time IS DISTINCT FROM excluded.send_time
            """, on: connection, logger: logger)
    }

    /// A change to one recipient of a document: its delivery state, and its status with the status's time, each
    /// when given.
    struct RecipientChange: Sendable, Equatable {
        var documentID: String
        var recipientID: String
        var deliveryState: Vdxp_Exchange_V1_DeliveryState?
        var status: Vdxp_Exchange_V1_DocumentStatus?
        var statusTime: Date?

        /// This change followed by `later` (of the same recipient), as one change.
        func followed(by later: RecipientChange) -> RecipientChange {
            var merged = self
            if let state = later.deliveryState { merged.deliveryState = state }
            if let status = later.status {
                merged.status = status
                merged.statusTime = later.statusTime
            }
            return merged
        }
    }

    /// Applies `changes` to the recipients stored, in one statement; each (document, recipient) at most once. The
    /// changes go as arrays, a field left unchanged as -1 (the enums start at 0).
    func update(_ changes: [RecipientChange], on connection: PostgresConnection) async throws {
        guard !changes.isEmpty else { return }
        let deliveryStates = changes.map { $0.deliveryState.map { Int16($0.rawValue) } ?? -1 }
        let statuses = changes.map { $0.status.map { Int16($0.rawValue) } ?? -1 }
        let statusTimes = changes.map { $0.statusTime ?? Date(timeIntervalSince1970: 0) }
        let hasStatusTime = changes.map { $0.statusTime != nil }
        try await database.query(
            """
            UPDATE search.recipients r SET
                delivery_state = CASE WHEN c.delivery_state < 0 THEN r.delivery_state ELSE c.delivery_state END,
                status = CASE WHEN c.status < 0 THEN r.status ELSE c.status END,
                status_time = CASE
                    WHEN c.status < 0 THEN r.status_time WHEN c.has_status_time THEN c.status_time END
            FROM unnest(\(changes.map(\.documentID))::text[], \(changes.map(\.recipientID))::text[],
                \(deliveryStates)::smallint[], \(statuses)::smallint[], \(statusTimes)::timestamptz[],
                \(hasStatusTime)::boolean[])
                AS c (document_id, organisation_id, delivery_state, status, status_time, has_status_time)
            WHERE r.document_id = c.document_id AND r.organisation_id = c.organisation_id
            """, on: connection, logger: logger)
    }

    /// A party that may no longer find a document (`JournalProjection.Change.withdrawn`).
    struct PartyWithdrawal: Sendable, Hashable {
        var documentID: String
        var partyID: String
    }

    /// Takes parties off their documents: out of `parties` (a member's visibility) and `document_parties` (its list
    /// of newest documents), in two statements whatever their number. `party_level1` is left as it is: it filters
    /// the documents concerning a unit for the operator's dashboards, and grants no one access.
    func withdraw(_ withdrawals: [PartyWithdrawal], on connection: PostgresConnection) async throws {
        guard !withdrawals.isEmpty else { return }
        let documentIDs = withdrawals.map(\.documentID)
        let partyIDs = withdrawals.map(\.partyID)
        try await database.query(
            """
            UPDATE search.documents d
            SET parties = ARRAY(SELECT p FROM unnest(d.parties) AS p WHERE p <> ALL(w.withdrawn) ORDER BY 1)
            FROM (
                SELECT document_id, array_agg(party_id) AS withdrawn
                FROM unnest(\(documentIDs)::text[], \(partyIDs)::text[]) AS w (document_id, party_id)
                GROUP BY document_id
            ) AS w
            WHERE d.document_id = w.document_id AND d.parties && w.withdrawn
            """, on: connection, logger: logger)
        try await database.query(
            """
            DELETE FROM search.document_parties dp
            USING unnest(\(documentIDs)::text[], \(partyIDs)::text[]) AS w (document_id, party_id)
            WHERE dp.document_id = w.document_id AND dp.organisation_id = w.party_id
            """, on: connection, logger: logger)
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
            try rows.bind(event.status)
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
