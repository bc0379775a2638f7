import VDXPStore

/// The `search` schema: the documents indexed from Exchange's journal, where each stands at each recipient, every
/// journal event about it (the trace), the words of the index (folded, letters only: the dictionary typos are
/// corrected against), the journal cursor and the query log.
///
/// Text is matched on `search_vector`: the subject, the number and notation and the signer's name folded by
/// `search.fold(text)` (kept as `search_text`) — lower case, accents removed by `unaccent` (which also maps `đ` to
/// `d`). `unaccent()` is only STABLE, so `search.fold` wraps it with the dictionary named explicitly and is declared
/// IMMUTABLE, which lets indexes use it. Typos are corrected against the small `search.words` dictionary (its GiST
/// trigram index); version 2 drops the trigram index version 1 built over every document's text, which no query
/// used. `document_parties` (version 3) lists each document under each of its parties by send time, for a member's
/// newest documents; version 5 takes recipients a document was retracted from off its parties (15 is
/// `DOCUMENT_STATUS_RETRACT_ACCEPTED`). The extensions are created in the `search` schema, which the service owns, so that it
/// needs no privilege on `public` (both are trusted extensions: the database owner may create them).
enum SearchMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "indexed documents, recipients, trace events, journal cursor, query log",
            statements: [
                "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA search",
                "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA search",
                """
                CREATE FUNCTION search.fold(value text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT lower(search.unaccent('search.unaccent'::regdictionary, value)) $$
                """,
                """
                CREATE TABLE search.documents (
                    document_id text PRIMARY KEY,
                    sender_id text NOT NULL,
                    sender_level1 text NOT NULL,
                    number_and_notation text NOT NULL,
                    issue_year integer NOT NULL,
                    subject text NOT NULL,
                    type_name text NOT NULL,
                    priority smallint NOT NULL,
                    business_type smallint NOT NULL,
                    related_document_id text NOT NULL,
                    version integer NOT NULL,
                    legal_value smallint NOT NULL,
                    send_time timestamptz NOT NULL,
                    last_sequence bigint NOT NULL,
                    search_text text NOT NULL,
                    search_vector tsvector NOT NULL,
                    parties text[] NOT NULL DEFAULT '{}',
                    party_level1 text[] NOT NULL DEFAULT '{}'
                )
                """,
                "CREATE INDEX documents_by_parties ON search.documents USING gin (parties)",
                "CREATE INDEX documents_by_party_level1 ON search.documents USING gin (party_level1)",
                """
                CREATE INDEX documents_text_trigrams ON search.documents
                USING gin (search_text search.gin_trgm_ops)
                """,
                "CREATE INDEX documents_text_vector ON search.documents USING gin (search_vector)",
                "CREATE INDEX documents_by_notation ON search.documents (number_and_notation)",
                "CREATE INDEX documents_by_sender ON search.documents (sender_id, send_time DESC)",
                "CREATE INDEX documents_by_level1 ON search.documents (sender_level1, send_time DESC)",
                "CREATE INDEX documents_by_time ON search.documents (send_time DESC, document_id)",
                """
                CREATE TABLE search.words (
                    word text PRIMARY KEY
                )
                """,
                "CREATE INDEX words_trigrams ON search.words USING gist (word search.gist_trgm_ops)",
                """
                CREATE TABLE search.recipients (
                    document_id text NOT NULL REFERENCES search.documents (document_id),
                    organisation_id text NOT NULL,
                    level1 text NOT NULL,
                    delivery_state smallint NOT NULL,
                    status smallint NOT NULL,
                    status_time timestamptz,
                    PRIMARY KEY (document_id, organisation_id)
                )
                """,
                "CREATE INDEX recipients_by_member ON search.recipients (organisation_id, document_id)",
                "CREATE INDEX recipients_by_level1 ON search.recipients (level1, document_id)",
                """
                CREATE TABLE search.events (
                    sequence bigint PRIMARY KEY,
                    document_id text NOT NULL,
                    event_time timestamptz NOT NULL,
                    event_type text NOT NULL,
                    actor_id text NOT NULL,
                    recipient_id text NOT NULL,
                    status smallint NOT NULL,
                    description text NOT NULL,
                    entry_hash bytea NOT NULL
                )
                """,
                "CREATE INDEX events_by_document ON search.events (document_id, sequence)",
                """
                CREATE TABLE search.journal_cursor (
                    journal text PRIMARY KEY,
                    after_sequence bigint NOT NULL,
                    last_event_time timestamptz,
                    index_time timestamptz
                )
                """,
                """
                CREATE TABLE search.query_log (
                    query_id bigserial PRIMARY KEY,
                    query_time timestamptz NOT NULL,
                    caller text NOT NULL,
                    method text NOT NULL,
                    query_text text NOT NULL,
                    filters_json text NOT NULL,
                    result_count bigint NOT NULL,
                    elapsed_milliseconds bigint NOT NULL
                )
                """,
                "CREATE INDEX query_log_by_caller ON search.query_log (caller, query_id DESC)",
                "CREATE INDEX query_log_by_time ON search.query_log (query_time DESC)",
            ]),
        // QĐ 28 Art. 10.2 metadata, now that Exchange journals it (`DocumentSent.document_type_code` …): documents
        // indexed before keep the defaults until the index is rebuilt. `search_text` then also holds the signer's
        // full name.
        Migration(
            version: 2, name: "type code, sender name, signer, promulgation, due date, response-for",
            statements: [
                """
                ALTER TABLE search.documents
                    ADD COLUMN type_code smallint NOT NULL DEFAULT 0,
                    ADD COLUMN sender_name text NOT NULL DEFAULT '',
                    ADD COLUMN signer_competence text NOT NULL DEFAULT '',
                    ADD COLUMN signer_position text NOT NULL DEFAULT '',
                    ADD COLUMN signer_name text NOT NULL DEFAULT '',
                    ADD COLUMN promulgation_place text NOT NULL DEFAULT '',
                    ADD COLUMN promulgation_date date,
                    ADD COLUMN due_date date,
                    ADD COLUMN response_for text[] NOT NULL DEFAULT '{}'
                """,
                "CREATE INDEX documents_by_type_code ON search.documents (type_code, send_time DESC)",
                "CREATE INDEX documents_by_due_date ON search.documents (due_date) WHERE due_date IS NOT NULL",
                "CREATE INDEX documents_by_promulgation_date ON search.documents (promulgation_date)",
                // Unused by every query (the typo path reads `search.words`), 240 MB at a million documents: it only
                // slowed the projection and crowded the cache.
                "DROP INDEX search.documents_text_trigrams",
            ]),
        // A member's newest documents without text: walking `documents_by_time` and keeping the rows whose `parties`
        // hold the member read ~150 documents per hit for a member in 0.6 % of a million (30 ms at p50 under load,
        // where Exchange's own indexes answer in under 1 ms). One row per document and party, ordered by send time,
        // makes it an index walk of the member's own rows (0.3 ms). Kept by `IndexStore.listUnderParties` with
        // `parties`.
        Migration(
            version: 3, name: "documents by party and send time",
            statements: [
                """
                CREATE TABLE search.document_parties (
                    organisation_id text NOT NULL,
                    document_id text NOT NULL,
                    send_time timestamptz NOT NULL,
                    PRIMARY KEY (document_id, organisation_id)
                )
                """,
                """
                CREATE UNIQUE INDEX document_parties_by_member
                ON search.document_parties (organisation_id, send_time DESC, document_id)
                """,
                """
                INSERT INTO search.document_parties (organisation_id, document_id, send_time)
                SELECT p.organisation_id, d.document_id, d.send_time
                FROM search.documents d, unnest(d.parties) AS p (organisation_id)
                """,
                // No parallel workers for Search's queries: on two cores shared with the projection and other
                // queries, a worker's start (17 ms measured under load) cost more than the 0.5 ms walk it split.
                "ALTER TABLE search.documents SET (parallel_workers = 0)",
                "ALTER TABLE search.document_parties SET (parallel_workers = 0)",
                "ALTER TABLE search.recipients SET (parallel_workers = 0)",
            ]),
        Migration(
            version: 4, name: "a number and notation is found by its parts (IndexStore.searchText)",
            statements: [
                // What IndexStore.searchText gives a document, for those indexed before: the parts of its number and
                // notation become words of their own (`7816/VPCP-TTĐT` also as `7816 VPCP-TTĐT`).
                """
                UPDATE search.documents d SET search_text = search.fold(t.text),
                    search_vector = to_tsvector('simple'::regconfig, search.fold(t.text))
                FROM (
                    SELECT document_id, concat_ws(' ', nullif(subject, ''), nullif(number_and_notation, ''),
                        translate(number_and_notation, '/', ' '), nullif(signer_name, '')) AS text
                    FROM search.documents WHERE strpos(number_and_notation, '/') > 0
                ) AS t
                WHERE d.document_id = t.document_id
                """
            ]),
        Migration(
            version: 5, name: "a recipient a document was retracted from is no longer its party",
            statements: [
                // What IndexStore.withdraw does from now on, for documents retracted before: a recipient whose latest
                // status is 15 (retracted at once, or with its agreement; a later version sent to it again puts it
                // back to no status) is taken off the document's parties. A recipient an UPDATE under the same id
                // left out cannot be told apart from the stored rows: a rebuild (docs/operations.md) takes it off.
                """
                UPDATE search.documents d
                SET parties = ARRAY(SELECT p FROM unnest(d.parties) AS p WHERE p <> ALL(w.withdrawn) ORDER BY 1)
                FROM (
                    SELECT document_id, array_agg(organisation_id) AS withdrawn FROM search.recipients
                    WHERE status = 15
                    GROUP BY document_id
                ) AS w
                WHERE d.document_id = w.document_id AND d.parties && w.withdrawn
                """,
                """
                DELETE FROM search.document_parties dp USING search.recipients r
                WHERE r.document_id = dp.document_id AND r.organisation_id = dp.organisation_id
                  AND r.status = 15
                """,
            ]),
        Migration(
            version: 6, name: "the failed deliveries a search for failed documents reads",
            statements: [
                // `failed_only` (DocumentQuery) asks, of each document, whether a recipient's delivery FAILED: read
                // through this, it is a look at the few failed ones, not a scan of every recipient ever indexed.
                "CREATE INDEX recipients_failed ON search.recipients (document_id) WHERE delivery_state = 4"
            ]),
    ]
}
