import Foundation
import Logging
import PostgresNIO
import VDXPProto
import VDXPStore

/// Every read of the index (`search.documents`, `search.recipients`, `search.events`), on the read database
/// (`VDXP_READ_DATABASE_URL`). Each read is narrowed to the viewer's own documents when a viewer is given.
struct DocumentQueryStore: Sendable {
    let database: Database
    let logger: Logger

    /// The most documents counted exactly; beyond it the total is a lower bound.
    static let totalCap = 10_000

    /// A position in the ordered results: the sort key and document id of the last hit of a page.
    struct Position: Codable, Sendable, Equatable {
        var key: Double
        var documentID: String
    }

    /// A page of matching documents, best first, after `position`, with each one's sort key.
    func page(_ query: DocumentQuery, after position: Position?, limit: Int) async throws -> [(DocumentRow, Double)] {
        var rows: [(DocumentRow, Double)] = []
        let sequence = try await database.query(
            Self.pageQuery(query, after: position, limit: limit), logger: logger)
        for try await row in sequence {
            let key = try PostgresRandomAccessRow(row)[DocumentRow.columnCount].decode(Double.self, context: .default)
            rows.append((try DocumentRow(row: row), key))
        }
        return rows
    }

    /// The statement of ``page(_:after:limit:)``.
    static func pageQuery(_ query: DocumentQuery, after position: Position?, limit: Int) -> PostgresQuery {
        var binds = query.bindings()
        binds.append(position?.key)
        binds.append(position?.documentID)
        binds.append(limit)
        // Without text the order is the send time's, newest first: walk `documents_by_time` (or the member's rows
        // of `document_parties`) from the cursor on and stop at the page's end, instead of sorting every match. The
        // key is then the send time in microseconds (exact in a float8). The keyset is written with a bound on the
        // time alone (`<=`) that the index seeks to; without it each page walked every row before it.
        let (key, id, last) = (
            DocumentQuery.parameterCount + 1, DocumentQuery.parameterCount + 2, DocumentQuery.parameterCount + 3
        )
        let sendTime = "(timestamptz 'epoch' + $\(key)::float8::bigint * interval '1 microsecond')"
        let walk = newestFirst(query)
        let sql =
            query.text.isEmpty
            ? """
            SELECT \(DocumentRow.columns), (extract(epoch FROM \(walk.time)) * 1000000)::float8 AS key
            FROM \(walk.from) WHERE \(walk.condition)
            AND ($\(key)::float8 IS NULL OR (\(walk.time) <= \(sendTime)
                 AND (\(walk.time) < \(sendTime) OR \(walk.id) > $\(id)::text)))
            ORDER BY \(walk.order)
            LIMIT $\(last)
            """
            : """
            SELECT \(DocumentRow.columns), m.key FROM (
                SELECT d.*, \(DocumentQuery.sortKey) AS key FROM search.documents d WHERE \(DocumentQuery.condition)
            ) m
            WHERE $\(key)::float8 IS NULL OR m.key < $\(key)::float8
                OR (m.key = $\(key)::float8 AND m.document_id > $\(id)::text)
            ORDER BY m.key DESC, m.document_id
            LIMIT $\(last)
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// The rows and order of a query without text, newest first: for a member, its rows of `document_parties`
    /// joined to their documents (an index walk of its own documents); for the operator, `documents_by_time`. `time`
    /// and `id` are the walked index's columns, for the keyset.
    static func newestFirst(_ query: DocumentQuery) -> (
        from: String, condition: String, order: String, time: String, id: String
    ) {
        guard query.viewer != nil else {
            return (
                "search.documents d", DocumentQuery.condition, "d.send_time DESC, d.document_id", "d.send_time",
                "d.document_id"
            )
        }
        return (
            """
            (SELECT organisation_id AS party, document_id AS party_document, send_time AS party_time
             FROM search.document_parties) v
            JOIN search.documents d ON d.document_id = v.party_document AND v.party = $1
            """, DocumentQuery.conditionWithinViewer, "v.party_time DESC, v.party_document", "v.party_time",
            "v.party_document"
        )
    }

    /// A page of documents matching a query with text, best first, after `position`, with each one's sort key, and
    /// how many documents match in all — from one scan of the text index: the matches are ranked once
    /// (`MATERIALIZED`), the page is cut from them and they are counted, where ``page(_:after:limit:)`` and
    /// ``total(_:)`` would each find them again.
    func rankedPage(
        _ query: DocumentQuery, after position: Position?, limit: Int
    ) async throws -> (rows: [(DocumentRow, Double)], total: Int64) {
        var binds = query.bindings()
        binds.append(position?.key)
        binds.append(position?.documentID)
        binds.append(limit)
        let (key, id, last) = (
            DocumentQuery.parameterCount + 1, DocumentQuery.parameterCount + 2, DocumentQuery.parameterCount + 3
        )
        let sql = """
            WITH m AS MATERIALIZED (
                SELECT d.document_id, \(DocumentQuery.sortKey) AS key FROM search.documents d
                WHERE \(DocumentQuery.condition)
            ), p AS (
                SELECT m.document_id, m.key FROM m
                WHERE $\(key)::float8 IS NULL OR m.key < $\(key)::float8
                    OR (m.key = $\(key)::float8 AND m.document_id > $\(id)::text)
                ORDER BY m.key DESC, m.document_id
                LIMIT $\(last)
            )
            SELECT \(DocumentRow.columns), x.rank_key, (SELECT count(*) FROM m)
            FROM (SELECT d.*, p.key AS rank_key FROM p JOIN search.documents d ON d.document_id = p.document_id) x
            ORDER BY x.rank_key DESC, x.document_id
            """
        var rows: [(DocumentRow, Double)] = []
        var total: Int64?
        for row in try await rowsWithTextQueryMemory(PostgresQuery(unsafeSQL: sql, binds: binds)) {
            let cells = row.makeRandomAccess()
            rows.append((try DocumentRow(row: row), try cells[DocumentRow.columnCount].decode(Double.self)))
            total = try cells[DocumentRow.columnCount + 1].decode(Int64.self)
        }
        // An empty first page: nothing matches. An empty later page (past the last match) says nothing of the
        // total: count it.
        if let total { return (rows, total) }
        return (rows, position == nil ? 0 : try await self.total(query))
    }

    /// The memory each bitmap and sort of a query with text may use. At PostgreSQL's default (4 MB) the bitmap of a
    /// common phrase's matches turns lossy at a million documents ("chuyen doi so": 90,910 of them), and then every
    /// row of every page it touches is checked again: 153 ms against 50 ms for `vdxp bench search`'s filtered query
    /// (docs/benchmarks.md).
    static let textQueryWorkMemory = "16MB"

    /// The rows of `query`, run in a transaction of its own with `work_mem` at ``textQueryWorkMemory`` (`SET LOCAL`:
    /// the setting ends with the transaction, so a pooler's connection goes back as it came).
    private func rowsWithTextQueryMemory(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await database.transaction(logger: logger) { connection in
            try await database.query(
                "SET LOCAL work_mem = '\(unescaped: Self.textQueryWorkMemory)'", on: connection, logger: logger)
            return try await database.query(query, on: connection, logger: logger).collect()
        }
    }

    /// How many documents match, counted up to ``totalCap`` + 1.
    func total(_ query: DocumentQuery) async throws -> Int64 {
        var binds = query.bindings()
        binds.append(Self.totalCap + 1)
        let sql = """
            SELECT count(*) FROM (
                SELECT 1 FROM search.documents d WHERE \(DocumentQuery.condition)
                LIMIT $\(DocumentQuery.parameterCount + 1)
            ) c
            """
        for try await count in try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            .decode(Int64.self)
        {
            return count
        }
        return 0
    }

    /// The most hits facets are counted over: beyond it they count the first ``facetSample`` hits in the result's
    /// order (the best ranked with text, the newest without) and `SearchDocumentsResponse.facet_sample_size` says
    /// so. Counting every one of tens of thousands of matches (joined to their recipients for the status facet)
    /// took 0.45–0.67 s at a million documents; the sample keeps a faceted search within the time of its page.
    static let facetSample = 1_000

    /// The values of each of `facets` over the first ``facetSample`` matching documents in the result's order, most
    /// frequent first, at most 20 each — from one scan of those matches (`MATERIALIZED`).
    func facets(_ facets: [SearchFacet], of query: DocumentQuery) async throws -> [SearchFacet: [(String, Int64)]] {
        guard !facets.isEmpty else { return [:] }
        let visibleRecipient = "($1 = '' OR m.sender_id = $1 OR r.organisation_id = $1)"
        let recipients = "m JOIN search.recipients r ON r.document_id = m.document_id"
        let branches = facets.map { facet -> String in
            let grouped: String
            switch facet {
            case .sender: grouped = "SELECT m.sender_id, count(*) FROM m GROUP BY 1"
            case .recipient: grouped = "SELECT r.organisation_id, count(*) FROM \(recipients) GROUP BY 1"
            case .level1Unit:
                grouped = "SELECT u.level1, count(*) FROM m, unnest(m.party_level1) AS u (level1) GROUP BY 1"
            case .priority: grouped = "SELECT m.priority::text, count(*) FROM m GROUP BY 1"
            case .documentType: grouped = "SELECT m.type_name, count(*) FROM m GROUP BY 1"
            case .documentTypeCode: grouped = "SELECT m.type_code::text, count(*) FROM m GROUP BY 1"
            case .status:
                grouped = """
                    SELECT r.status::text, count(DISTINCT m.document_id) FROM \(recipients)
                    WHERE \(visibleRecipient) AND r.status <> 0 GROUP BY 1
                    """
            case .businessType: grouped = "SELECT m.business_type::text, count(*) FROM m GROUP BY 1"
            case .sendMonth:
                grouped = """
                    SELECT to_char(m.send_time AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM'), count(*) FROM m GROUP BY 1
                    """
            }
            return """
                (SELECT '\(facet.rawValue)'::text, f.value, f.hits,
                    row_number() OVER (ORDER BY f.hits DESC, f.value)
                 FROM (\(grouped)) f (value, hits) ORDER BY f.hits DESC, f.value LIMIT 20)
                """
        }
        // The same order as the page: the rank with text, the send time (walking `documents_by_time`) without.
        let walk = Self.newestFirst(query)
        let (from, condition, order) =
            query.text.isEmpty
            ? (walk.from, walk.condition, walk.order)
            : ("search.documents d", DocumentQuery.condition, "\(DocumentQuery.sortKey) DESC, d.document_id")
        var binds = query.bindings()
        binds.append(Self.facetSample)
        let sql = """
            WITH m AS MATERIALIZED (
                SELECT d.document_id, d.sender_id, d.party_level1, d.priority, d.type_name, d.type_code,
                    d.business_type, d.send_time
                FROM \(from) WHERE \(condition)
                ORDER BY \(order) LIMIT $\(DocumentQuery.parameterCount + 1)
            )
            \(branches.joined(separator: "\nUNION ALL\n"))
            """
        var ranked: [SearchFacet: [(rank: Int64, value: String, hits: Int64)]] = [:]
        for row in try await rowsWithTextQueryMemory(PostgresQuery(unsafeSQL: sql, binds: binds)) {
            let (name, value, hits, rank) = try row.decode((String, String, Int64, Int64).self)
            guard let facet = SearchFacet(rawValue: name) else { continue }
            ranked[facet, default: []].append((rank, value, hits))
        }
        return ranked.mapValues { $0.sorted { $0.rank < $1.rank }.map { ($0.value, $0.hits) } }
    }

    /// The document with this id, if `viewer` (nil: anyone) may see it.
    func document(id: String, viewer: String?) async throws -> DocumentRow? {
        let sql = "SELECT \(DocumentRow.columns) FROM search.documents d WHERE d.document_id = $2 AND \(Self.visible)"
        var binds = PostgresBindings()
        binds.append(viewer ?? "")
        binds.append(id)
        for try await row in try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            return try DocumentRow(row: row)
        }
        return nil
    }

    /// The documents `viewer` may see numbered `code` (from `sender` when not empty), newest first.
    func documents(numberAndNotation code: String, sender: String, viewer: String?) async throws -> [DocumentRow] {
        let sql = """
            SELECT \(DocumentRow.columns) FROM search.documents d
            WHERE d.number_and_notation = $2 AND ($3 = '' OR d.sender_id = $3) AND \(Self.visible)
            ORDER BY d.send_time DESC, d.document_id LIMIT 50
            """
        var binds = PostgresBindings()
        binds.append(viewer ?? "")
        binds.append(code)
        binds.append(sender)
        var rows: [DocumentRow] = []
        for try await row in try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            rows.append(try DocumentRow(row: row))
        }
        return rows
    }

    /// Whether `viewer` ($1) may see document `d`: it sent it or is one of its recipients.
    static let visible = "($1 = '' OR d.parties @> ARRAY[$1::text])"

    /// The recipients of these documents, in organisation-id order.
    func recipients(of documentIDs: [String]) async throws -> [String: [RecipientRow]] {
        var result: [String: [RecipientRow]] = [:]
        guard !documentIDs.isEmpty else { return result }
        for try await (documentID, organisationID, deliveryState, status, statusTime) in try await database.query(
            """
            SELECT document_id, organisation_id, delivery_state, status, status_time FROM search.recipients
            WHERE document_id = ANY(\(documentIDs)) ORDER BY document_id, organisation_id
            """, logger: logger
        ).decode(
            (String, String, Vdxp_Exchange_V1_DeliveryState, Vdxp_Exchange_V1_DocumentStatus, Date?).self)
        {
            result[documentID, default: []].append(
                RecipientRow(
                    organisationID: organisationID, deliveryState: deliveryState, status: status,
                    statusTime: statusTime))
        }
        return result
    }

    /// Every trace event about a document, oldest first.
    func events(of documentID: String) async throws -> [TraceEventRow] {
        var events: [TraceEventRow] = []
        for try await (sequence, eventTime, eventType, actor, recipient, status, description, hash)
            in try await database.query(
                """
                SELECT sequence, event_time, event_type, actor_id, recipient_id, status, description, entry_hash
                FROM search.events WHERE document_id = \(documentID) ORDER BY sequence
                """, logger: logger
            ).decode(
                (Int64, Date, String, String, String, Vdxp_Exchange_V1_DocumentStatus, String, Data).self)
        {
            events.append(
                TraceEventRow(
                    sequence: sequence, documentID: documentID, eventTime: eventTime, eventType: eventType,
                    actorID: actor, recipientID: recipient, status: status, description: description,
                    entryHash: hash))
        }
        return events
    }

    /// Whether `text` has a word of letters that no document `viewer` may see has (with no viewer, no indexed
    /// document: the dictionary `search.words` holds every such word of every indexed text, written in the same
    /// transaction): its words then cannot all match, and the words query — which reads the posting lists of every
    /// other word before it finds nothing (~20 ms at a million documents) — can be skipped for the corrected one.
    func hasWordMissingFromIndex(_ text: String, viewer: String?) async throws -> Bool {
        if let viewer {
            let words = try await letterWords(of: text)
            if words.count <= Self.maximumWordsChecked {
                guard !words.isEmpty else { return false }
                for try await missing in try await database.query(
                    Self.memberWordsQuery(words, viewer: viewer), logger: logger
                ).decode(Bool.self) {
                    return missing
                }
                return false
            }
        }
        var binds = PostgresBindings()
        binds.append(text)
        binds.append(viewer ?? "")
        for try await missing in try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT EXISTS (
                        SELECT 1 FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search.fold($1))))
                            AS q (word)
                        WHERE q.word ~ '^[a-z]+$' AND NOT \(Self.known("q.word", viewer: viewer)))
                    """, binds: binds), logger: logger
        ).decode(Bool.self) {
            return missing
        }
        return false
    }

    /// The most words of a member's text checked one by one (``memberWordsQuery(_:viewer:)``); a longer text is
    /// checked by the statement for any viewer.
    static let maximumWordsChecked = 16

    /// The distinct words of letters only of `text`, folded as the index folds them.
    func letterWords(of text: String) async throws -> [String] {
        var words: [String] = []
        for try await word in try await database.query(
            """
            SELECT DISTINCT word FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search.fold(\(text)))))
                AS q (word)
            WHERE word ~ '^[a-z]+$' ORDER BY word
            """, logger: logger
        ).decode(String.self) {
            words.append(word)
        }
        return words
    }

    /// Whether one of `words` is in no document `viewer` may see: an `EXISTS` per word, each word a parameter of its
    /// own, so that the plan of each is made knowing the word — a common word is looked for among the member's
    /// documents (`documents_by_parties`), a rare one in the text index. One statement over `unnest(...)` could not
    /// know the word, and read a common word's whole posting list (100 ms at 2 M documents, on the first page of
    /// every member's text search).
    static func memberWordsQuery(_ words: [String], viewer: String) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(viewer)
        var checks: [String] = []
        for (index, word) in words.enumerated() {
            binds.append(word)
            checks.append(
                """
                EXISTS (SELECT 1 FROM search.documents v
                        WHERE v.search_vector @@ plainto_tsquery('simple'::regconfig, $\(index + 2)::text)
                          AND v.parties @> ARRAY[$1::text])
                """)
        }
        return PostgresQuery(unsafeSQL: "SELECT NOT (" + checks.joined(separator: " AND ") + ")", binds: binds)
    }

    /// Whether the word `word` (an SQL expression) is in the dictionary for `viewer` (parameter `$2`): for the
    /// operator and platform services (nil), a word of any indexed document (`search.words`); for a member, a word of
    /// a document it may see. A member's corrections are made from its own documents' words only, so that neither the
    /// corrected query (which its page token carries) nor whether a word was corrected tells it what words other
    /// members' documents hold.
    private static func known(_ word: String, viewer: String?) -> String {
        viewer == nil
            ? "EXISTS (SELECT 1 FROM search.words e WHERE e.word = \(word))"
            : """
            EXISTS (SELECT 1 FROM search.documents v
                    WHERE v.search_vector @@ plainto_tsquery('simple'::regconfig, \(word))
                      AND v.parties @> ARRAY[$2::text])
            """
    }

    /// The most words of a query that are corrected: a query with more words the dictionary lacks is not corrected.
    static let maximumCorrectedWords = 8

    /// The corrected query for `text`, as a `to_tsquery` text: each of its folded words that the dictionary has (or
    /// that has a digit: numbers are not corrected) is kept, and each other word is replaced by the (up to) two
    /// nearest words of the dictionary (trigram distance at most 0.8); empty when such a word has no word of the
    /// dictionary near it, or when more than ``maximumCorrectedWords`` words would need correcting. The dictionary is
    /// `viewer`'s (``known(_:viewer:)``): for a member, the nearest words of the whole index (20 of them) that occur in
    /// a document it may see.
    func correctedQuery(_ text: String, viewer: String?) async throws -> String {
        var alternatives: [String: [String]] = [:]
        var unknown: Set<String> = []
        var order: [String] = []
        for try await (word, needsCorrection, candidate) in try await database.query(
            Self.correctionQuery(text, viewer: viewer), logger: logger
        ).decode((String, Bool, String?).self) {
            if alternatives[word] == nil { order.append(word) }
            if needsCorrection { unknown.insert(word) }
            alternatives[word, default: []] += candidate.map { [$0] } ?? []
        }
        guard !order.isEmpty else { return "" }
        var terms: [String] = []
        for word in order {
            let choices = unknown.contains(word) ? alternatives[word] ?? [] : [word]
            if choices.isEmpty { return "" }
            terms.append(
                "(" + choices.map { "'" + Self.quotedWord($0) + "'" }.joined(separator: " | ") + ")")
        }
        return terms.joined(separator: " & ")
    }

    /// The statement of ``correctedQuery(_:viewer:)``: each word of `text`, whether it needs correcting, and its
    /// nearest words (a row each).
    static func correctionQuery(_ text: String, viewer: String?) -> PostgresQuery {
        func needing(_ word: String) -> String {
            "(\(word) ~ '^[a-z]+$' AND NOT \(known(word, viewer: viewer)))"
        }
        var binds = PostgresBindings()
        binds.append(text)
        binds.append(viewer ?? "")
        // The nearest words are looked for only for a word that needs correcting (the condition sits inside the
        // lateral subquery, where it is checked once per word before the trigram index is read: in its ON clause the
        // index was read for every word, numbers included), and only when at most `maximumCorrectedWords` words do
        // (each look reads the trigram index, the whole of it for a word with no near neighbour).
        return PostgresQuery(
            unsafeSQL: """
                WITH q AS MATERIALIZED (
                    SELECT word FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search.fold($1))))
                        AS t (word)
                )
                SELECT q.word, \(needing("q.word")), c.word
                FROM q LEFT JOIN LATERAL (
                    SELECT n.word FROM (
                        SELECT w.word, w.word OPERATOR(search.<->) q.word AS distance FROM search.words w
                        WHERE \(needing("q.word"))
                          AND (SELECT count(*) FROM q AS o WHERE \(needing("o.word"))) <= \(maximumCorrectedWords)
                        ORDER BY w.word OPERATOR(search.<->) q.word LIMIT \(viewer == nil ? 2 : 20)
                    ) n WHERE n.distance <= 0.8 AND n.word ~ '^[a-z]+$' AND \(known("n.word", viewer: viewer))
                    ORDER BY n.distance, n.word LIMIT 2
                ) c ON true
                ORDER BY q.word, c.word
                """, binds: binds)
    }

    /// Whether `text` has the form ``correctedQuery(_:viewer:)`` gives: empty, or terms joined by ` & `, each `(…)` of quoted
    /// words joined by ` | ` (a quote or a backslash inside a word doubled). A page token carries the corrected query of its first
    /// page: one in any other form was not made here, and would reach `to_tsquery` as its syntax.
    static func isCorrectedQuery(_ text: String) -> Bool {
        guard !text.isEmpty else { return true }
        for term in text.components(separatedBy: " & ") {
            guard term.count >= 2, term.hasPrefix("("), term.hasSuffix(")") else { return false }
            for choice in term.dropFirst().dropLast().components(separatedBy: " | ") {
                guard choice.count >= 3, choice.hasPrefix("'"), choice.hasSuffix("'"),
                    isQuotedWord(choice.dropFirst().dropLast())
                else { return false }
            }
        }
        return true
    }

    /// `word` for inside the quotes of a `to_tsquery` text: a quote doubled, a backslash (which escapes the next
    /// character there) written twice.
    static func quotedWord(_ word: String) -> String {
        word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
    }

    /// Whether `text` is a word as ``quotedWord(_:)`` writes it: every quote and every backslash doubled.
    static func isQuotedWord(_ text: Substring) -> Bool {
        var characters = text.makeIterator()
        while let character = characters.next() {
            if character == "'" || character == "\\" {
                guard characters.next() == character else { return false }
            }
        }
        return true
    }

    /// How many documents are indexed.
    func documentCount() async throws -> Int64 {
        for try await count in try await database.query("SELECT count(*) FROM search.documents", logger: logger)
            .decode(Int64.self)
        {
            return count
        }
        return 0
    }
}

/// A facet Search can count (`Facet.field`).
enum SearchFacet: String, CaseIterable, Sendable {
    case sender
    case recipient
    case level1Unit = "level1_unit"
    case priority
    case documentType = "document_type"
    case documentTypeCode = "document_type_code"
    case status
    case businessType = "business_type"
    case sendMonth = "send_month"
}
