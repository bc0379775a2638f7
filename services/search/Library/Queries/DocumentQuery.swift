import Foundation
import PostgresNIO
import VDXPProto

/// A validated search: who is asking (the member it is narrowed to, nil for everyone) and what it matches. It
/// renders the one matching condition every search query shares, with its parameters always `$1` to `$19`, so that
/// the page, the total and each facet count exactly the same documents.
///
/// Text matches in one of two ways, both on the folded text (`search.fold`: lower case, no accents, `đ` → `d`):
/// - **words** (the first try): every word of the query is a word of the subject, the signer or the number and
///   notation — whole (`7816/VPCP-TTĐT`) or in its parts (`7816`, `VPCP-TTĐT`, `TTĐT`) — (full-text search on
///   `search_vector`, ranked by `ts_rank`) — fast on any number of documents;
/// - **corrected** (when the words find nothing): each word of the query is replaced by the three words of the index
///   nearest to it by trigram distance (pg_trgm on the small `search.words` table), and documents having one of
///   each word's alternatives match, ranked by `ts_rank` — which tolerates typos ("quyet dihn" finds "quyết định").
/// Either way a document whose number and notation, or whose document id, equals the text as given matches and comes
/// first.
struct DocumentQuery: Sendable {
    /// The member the results are narrowed to (its own documents), nil for the operator and platform services.
    var viewer: String?
    /// The text as given (trimmed), compared exactly with the number and notation and with the document id.
    var text: String
    var senders: [String] = []
    var recipients: [String] = []
    /// Level-1 unit codes (the last group of an id, e.g. `G12`).
    var level1Units: [String] = []
    var sentAfter: Date?
    var sentBefore: Date?
    var priorities: [Int32] = []
    var statuses: [Int32] = []
    var businessTypes: [Int32] = []
    var failedOnly = false
    /// Document type codes (1 to 4).
    var typeCodes: [Int32] = []
    /// Promulgation and due date bounds, inclusive, `yyyy-MM-dd`.
    var promulgatedFrom: String?
    var promulgatedTo: String?
    var dueFrom: String?
    var dueTo: String?
    /// The corrected query (a `to_tsquery` text such as `('quyet' | 'quyen') & ('dinh' | 'dien')`) when the words
    /// found nothing; empty: match the words as given.
    var corrected = ""

    /// How many parameters ``condition`` uses: a query adds its own from `$20` on.
    static let parameterCount = 19

    /// Whether the viewer (`$1`) may see `d` (the first clause of ``condition``).
    static let visibility = "($1 = '' OR d.parties @> ARRAY[$1::text])"

    /// ``condition`` for rows already narrowed to the viewer's own (joined on its `document_parties` rows): the
    /// visibility clause, then redundant, is left out — the planner would count it as a second filter, expect a few
    /// dozen rows instead of thousands and hash-join every one of the member's documents.
    static let conditionWithinViewer = condition.replacingOccurrences(of: visibility, with: "true")

    /// The `WHERE` condition on `search.documents d`, parameters `$1`…`$19` (see ``bindings()``).
    static let condition = """
        \(visibility)
        AND (search.fold($2) = '' OR d.number_and_notation = $13 OR d.document_id = $13
             OR ($14 <> '' AND d.search_vector @@ to_tsquery('simple'::regconfig, $14))
             OR ($14 = '' AND d.search_vector @@ plainto_tsquery('simple'::regconfig, search.fold($2))))
        AND (cardinality($3::text[]) = 0 OR d.sender_id = ANY($3::text[]))
        AND (cardinality($4::text[]) = 0 OR EXISTS (
            SELECT 1 FROM search.recipients r WHERE r.document_id = d.document_id AND r.organisation_id = ANY($4::text[])))
        AND (cardinality($5::text[]) = 0 OR d.party_level1 && $5::text[])
        AND ($6::timestamptz IS NULL OR d.send_time >= $6::timestamptz)
        AND ($7::timestamptz IS NULL OR d.send_time < $7::timestamptz)
        AND (cardinality($8::int4[]) = 0 OR d.priority = ANY($8::int4[]))
        AND (cardinality($9::int4[]) = 0 OR d.business_type = ANY($9::int4[]))
        AND (cardinality($10::int4[]) = 0 OR EXISTS (
            SELECT 1 FROM search.recipients r WHERE r.document_id = d.document_id AND r.status = ANY($10::int4[])
            AND ($1 = '' OR d.sender_id = $1 OR r.organisation_id = $1)))
        AND (NOT $11::boolean OR EXISTS (
            SELECT 1 FROM search.recipients r WHERE r.document_id = d.document_id AND r.delivery_state = $12
            AND ($1 = '' OR d.sender_id = $1 OR r.organisation_id = $1)))
        AND (cardinality($15::int4[]) = 0 OR d.type_code = ANY($15::int4[]))
        AND ($16::date IS NULL OR d.promulgation_date >= $16::date)
        AND ($17::date IS NULL OR d.promulgation_date <= $17::date)
        AND ($18::date IS NULL OR d.due_date >= $18::date)
        AND ($19::date IS NULL OR d.due_date <= $19::date)
        """

    /// The sort key with text: the relevance (an exact number-and-notation or document id hit first). Without text the
    /// page is ordered by send time (`DocumentQueryStore.page`).
    static let sortKey = """
        (CASE WHEN search.fold($2) = '' THEN extract(epoch FROM d.send_time)::float8
         WHEN $14 <> '' THEN (ts_rank(d.search_vector, to_tsquery('simple'::regconfig, $14))
               + CASE WHEN d.number_and_notation = $13 OR d.document_id = $13 THEN 10 ELSE 0 END)::float8
         ELSE (ts_rank(d.search_vector, plainto_tsquery('simple'::regconfig, search.fold($2)))
               + CASE WHEN d.number_and_notation = $13 OR d.document_id = $13 THEN 10 ELSE 0 END)::float8 END)
        """

    /// The parameters `$1`…`$19` of ``condition`` and ``sortKey``.
    func bindings() -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(viewer ?? "")
        binds.append(text)
        binds.append(senders)
        binds.append(recipients)
        binds.append(level1Units)
        binds.append(sentAfter)
        binds.append(sentBefore)
        binds.append(priorities)
        binds.append(businessTypes)
        binds.append(statuses)
        binds.append(failedOnly)
        binds.append(Int16(Vdxp_Exchange_V1_DeliveryState.failed.rawValue))
        binds.append(text)
        binds.append(corrected)
        binds.append(typeCodes)
        binds.append(promulgatedFrom)
        binds.append(promulgatedTo)
        binds.append(dueFrom)
        binds.append(dueTo)
        return binds
    }
}
