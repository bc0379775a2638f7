import SwiftProtobuf
import VDXPStore

/// The `exchange` schema: documents (every version of a lineage, keyed by document id and version) and their
/// attachment bytes, inbox entries (one document delivery per version and recipient, and notices), the business status
/// history, retract requests, and the hash-chained journal.
enum ExchangeMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "documents, attachments, deliveries, status history, journal",
            statements: [
                """
                CREATE TABLE exchange.documents (
                    document_id text PRIMARY KEY,
                    sender text NOT NULL,
                    signed_document bytea NOT NULL,
                    envelope_sha256 bytea NOT NULL,
                    priority smallint NOT NULL,
                    attachment_count integer NOT NULL,
                    attachment_bytes bigint NOT NULL,
                    send_time timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE INDEX documents_by_sender ON exchange.documents (sender, send_time DESC, document_id DESC)",
                """
                CREATE TABLE exchange.attachment_chunks (
                    document_id text NOT NULL REFERENCES exchange.documents (document_id),
                    attachment_index integer NOT NULL,
                    chunk_index integer NOT NULL,
                    data bytea NOT NULL,
                    PRIMARY KEY (document_id, attachment_index, chunk_index)
                )
                """,
                """
                CREATE TABLE exchange.deliveries (
                    delivery_id uuid PRIMARY KEY,
                    document_id text NOT NULL REFERENCES exchange.documents (document_id),
                    recipient text NOT NULL,
                    priority smallint NOT NULL,
                    state smallint NOT NULL,
                    status smallint NOT NULL DEFAULT 0,
                    lease_expires timestamptz,
                    attempt_count integer NOT NULL DEFAULT 0,
                    create_time timestamptz NOT NULL DEFAULT now(),
                    acknowledge_time timestamptz,
                    UNIQUE (document_id, recipient)
                )
                """,
                """
                CREATE INDEX deliveries_inbox ON exchange.deliveries (recipient, priority DESC, create_time, delivery_id)
                WHERE state <> 3
                """,
                """
                CREATE TABLE exchange.status_history (
                    id bigserial PRIMARY KEY,
                    delivery_id uuid NOT NULL REFERENCES exchange.deliveries (delivery_id),
                    status smallint NOT NULL,
                    status_time timestamptz NOT NULL,
                    handler_name text NOT NULL DEFAULT '',
                    handler_unit text NOT NULL DEFAULT '',
                    handler_position text NOT NULL DEFAULT '',
                    comment text NOT NULL DEFAULT '',
                    record_time timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE INDEX status_history_by_delivery ON exchange.status_history (delivery_id, id)",
                """
                CREATE TABLE exchange.journal (
                    entry_id bigserial PRIMARY KEY,
                    record_time timestamptz NOT NULL DEFAULT now(),
                    event_type text NOT NULL,
                    document_id text NOT NULL,
                    payload bytea NOT NULL,
                    sequence bigint UNIQUE,
                    previous_hash bytea,
                    hash bytea
                )
                """,
                "CREATE INDEX journal_unchained ON exchange.journal (entry_id) WHERE sequence IS NULL",
            ]),
        Migration(
            version: 2, name: "document lifecycle: versions, revocation, legal value, timeliness, notices, retracts",
            statements: [
                // Lineage (Art. 15.4): every version keeps its own row; `lineage_id` is the original's id.
                """
                ALTER TABLE exchange.documents
                    ADD COLUMN business_type smallint NOT NULL DEFAULT 0,
                    ADD COLUMN related_document_id text,
                    ADD COLUMN business_reason text NOT NULL DEFAULT '',
                    ADD COLUMN lineage_id text,
                    ADD COLUMN version integer NOT NULL DEFAULT 1,
                    ADD COLUMN superseded_by text,
                    ADD COLUMN revoked_by text,
                    ADD COLUMN legal_value smallint NOT NULL DEFAULT 2,
                    ADD COLUMN signing_time timestamptz,
                    ADD COLUMN send_deadline timestamptz,
                    ADD COLUMN on_time boolean,
                    ADD COLUMN timeliness text NOT NULL DEFAULT ''
                """,
                "UPDATE exchange.documents SET lineage_id = document_id",
                "ALTER TABLE exchange.documents ALTER COLUMN lineage_id SET NOT NULL",
                "CREATE UNIQUE INDEX documents_lineage ON exchange.documents (lineage_id, version)",
                // Inbox entries are documents (kind 1, one per recipient) or notices (kind 2, any number).
                """
                ALTER TABLE exchange.deliveries
                    ADD COLUMN kind smallint NOT NULL DEFAULT 1,
                    ADD COLUMN notice bytea,
                    ADD COLUMN disposition smallint NOT NULL DEFAULT 1,
                    ADD COLUMN disposed_by text,
                    ADD COLUMN disposition_time timestamptz,
                    ADD COLUMN revocation_confirm_time timestamptz,
                    ADD COLUMN fail_time timestamptz
                """,
                "ALTER TABLE exchange.deliveries DROP CONSTRAINT deliveries_document_id_recipient_key",
                "CREATE UNIQUE INDEX deliveries_copy ON exchange.deliveries (document_id, recipient) WHERE kind = 1",
                "DROP INDEX exchange.deliveries_inbox",
                """
                CREATE INDEX deliveries_inbox ON exchange.deliveries (recipient, priority DESC, create_time, delivery_id)
                WHERE state IN (1, 2)
                """,
                "CREATE INDEX deliveries_failed ON exchange.deliveries (fail_time DESC, delivery_id) WHERE state = 4",
                """
                CREATE TABLE exchange.retract_requests (
                    request_id uuid PRIMARY KEY,
                    delivery_id uuid NOT NULL REFERENCES exchange.deliveries (delivery_id),
                    state smallint NOT NULL DEFAULT 1,
                    reason text NOT NULL,
                    request_time timestamptz NOT NULL DEFAULT now(),
                    answer_time timestamptz,
                    answer_name text NOT NULL DEFAULT '',
                    answer_unit text NOT NULL DEFAULT '',
                    answer_position text NOT NULL DEFAULT '',
                    answer_reason text NOT NULL DEFAULT ''
                )
                """,
                "CREATE INDEX retract_requests_by_delivery ON exchange.retract_requests (delivery_id, request_time)",
                "CREATE UNIQUE INDEX retract_requests_open ON exchange.retract_requests (delivery_id) WHERE state = 1",
                "ALTER TABLE exchange.status_history ADD COLUMN retract_request_id uuid",
            ]),
        Migration(
            version: 3, name: "received documents listed by recipient",
            statements: [
                // ListReceivedDocuments: a recipient's document deliveries, newest first.
                """
                CREATE INDEX deliveries_received ON exchange.deliveries (recipient, create_time DESC, document_id DESC)
                WHERE kind = 1
                """
            ]),
        Migration(
            version: 4, name: "a retract at once is a disposition with its reason, not status 15",
            statements: [
                "ALTER TABLE exchange.deliveries ADD COLUMN disposition_reason text NOT NULL DEFAULT ''",
                // Copies retracted at once before this version carry 15 with the sender's reason in the history
                // (a 15 without a retract request): the reason moves to the copy, the status goes back to what the
                // recipient had reported — 01 if it acknowledged, none otherwise — and the 15 is removed.
                """
                UPDATE exchange.deliveries d
                SET disposition_reason = h.comment,
                    status = CASE WHEN EXISTS (
                        SELECT 1 FROM exchange.status_history a WHERE a.delivery_id = d.delivery_id AND a.status = 1
                    ) THEN 1 ELSE 0 END
                FROM exchange.status_history h
                WHERE h.delivery_id = d.delivery_id AND h.status = 15 AND h.retract_request_id IS NULL
                """,
                "DELETE FROM exchange.status_history WHERE status = 15 AND retract_request_id IS NULL",
            ]),
        Migration(
            version: 5, name: "a revocation is confirmed by the recipient's report, with who handled it",
            statements: [
                // Copies confirmed before this version (by the acknowledgement of the revoking document) keep their
                // time, with nobody named.
                """
                ALTER TABLE exchange.deliveries
                    ADD COLUMN revocation_confirm_name text NOT NULL DEFAULT '',
                    ADD COLUMN revocation_confirm_unit text NOT NULL DEFAULT '',
                    ADD COLUMN revocation_confirm_position text NOT NULL DEFAULT '',
                    ADD COLUMN revocation_confirm_comment text NOT NULL DEFAULT ''
                """
            ]),
        Migration(
            version: 6, name: "undelivered documents fail the same working day, with their reason (Art. 13.2)",
            statements: [
                // `acknowledge_due`: the acknowledgement deadline (AcknowledgementDeadline), set when the document is
                // queued or retried; `fail_reason` a DeliveryFailureReason; `fail_successor` a closed recipient's
                // successor.
                """
                ALTER TABLE exchange.deliveries
                    ADD COLUMN acknowledge_due timestamptz,
                    ADD COLUMN fail_reason smallint NOT NULL DEFAULT 0,
                    ADD COLUMN fail_successor text NOT NULL DEFAULT ''
                """,
                // Before this version a delivery failed only on the attempt limit.
                "UPDATE exchange.deliveries SET fail_reason = 1 WHERE state = 4 AND kind = 1",
                // Documents waiting at the upgrade had no deadline: they get one working-day-sized day from it, so
                // that an upgrade does not fail them all at once, and none waits forever.
                """
                UPDATE exchange.deliveries SET acknowledge_due = now() + interval '1 day'
                WHERE state IN (1, 2) AND kind = 1
                """,
                """
                CREATE INDEX deliveries_acknowledge_due ON exchange.deliveries (acknowledge_due)
                WHERE state IN (1, 2) AND kind = 1
                """,
            ]),
        Migration(
            version: 7, name: "why a document is for reference only (Art. 11.2)",
            statements: [
                "ALTER TABLE exchange.documents ADD COLUMN legal_value_reason text NOT NULL DEFAULT ''",
                // Before this version every accepted document carried the sender's seal, so a reference-only one
                // lacked its competent signer (or had one of another organisation).
                """
                UPDATE exchange.documents
                SET legal_value_reason = 'no signature of the competent signer of the sending organisation: '
                    || 'for reference only (Art. 11.2)'
                WHERE legal_value = 2
                """,
            ]),
        Migration(
            version: 8, name: "an update keeps the document's id: versions keyed by (document id, version) (Art. 15.4)",
            statements: [
                // A document row, its attachment chunks and its inbox entries are one version of one id: an UPDATE
                // may reuse its document's id as the next version. Every existing row is the only version of its id,
                // so the version already stored on the document is the key's second half everywhere.
                "ALTER TABLE exchange.attachment_chunks DROP CONSTRAINT attachment_chunks_document_id_fkey",
                "ALTER TABLE exchange.deliveries DROP CONSTRAINT deliveries_document_id_fkey",
                "ALTER TABLE exchange.documents DROP CONSTRAINT documents_pkey",
                "ALTER TABLE exchange.documents ADD PRIMARY KEY (document_id, version)",
                "ALTER TABLE exchange.attachment_chunks ADD COLUMN version integer NOT NULL DEFAULT 1",
                """
                UPDATE exchange.attachment_chunks c SET version = d.version
                FROM exchange.documents d WHERE d.document_id = c.document_id AND d.version <> 1
                """,
                "ALTER TABLE exchange.attachment_chunks DROP CONSTRAINT attachment_chunks_pkey",
                """
                ALTER TABLE exchange.attachment_chunks
                    ADD PRIMARY KEY (document_id, version, attachment_index, chunk_index),
                    ADD FOREIGN KEY (document_id, version) REFERENCES exchange.documents (document_id, version)
                """,
                "ALTER TABLE exchange.deliveries ADD COLUMN version integer NOT NULL DEFAULT 1",
                """
                UPDATE exchange.deliveries l SET version = d.version
                FROM exchange.documents d WHERE d.document_id = l.document_id AND d.version <> 1
                """,
                """
                ALTER TABLE exchange.deliveries
                    ADD FOREIGN KEY (document_id, version) REFERENCES exchange.documents (document_id, version)
                """,
                "DROP INDEX exchange.deliveries_copy",
                """
                CREATE UNIQUE INDEX deliveries_copy ON exchange.deliveries (document_id, version, recipient)
                WHERE kind = 1
                """,
                "ALTER TABLE exchange.documents ADD COLUMN superseded_by_version integer",
                """
                UPDATE exchange.documents o SET superseded_by_version = n.version
                FROM exchange.documents n WHERE n.document_id = o.superseded_by AND n.lineage_id = o.lineage_id
                """,
            ]),
        // Version 9: the journal's seals, defined in Journal/JournalSealMigration.swift.
        JournalSealMigration.version9,
        Migration(
            version: 10, name: "one document id, one document (Art. 12.1): an id is introduced once",
            statements: [
                // A row introduces its id unless an UPDATE keeps its document's id (its later versions share the
                // id). At most one row introduces each id: a new document cannot take the id a replacement or an
                // update under a new id took, nor the other way round — in a commit group too, whose insert skips
                // a taken id. Existing rows introduce their id (the fast default), except those after the first of
                // their id: the later versions of a kept id, and any id taken twice before this rule.
                "ALTER TABLE exchange.documents ADD COLUMN introduces_id boolean NOT NULL DEFAULT true",
                """
                UPDATE exchange.documents d SET introduces_id = false
                WHERE d.document_id IN (
                    SELECT document_id FROM exchange.documents GROUP BY document_id HAVING count(*) > 1)
                  AND EXISTS (
                    SELECT 1 FROM exchange.documents e
                    WHERE e.document_id = d.document_id AND (e.send_time, e.version) < (d.send_time, d.version))
                """,
                // A replica of the previous build inserts without the column during a rollout: its rows are then
                // not held to the rule, rather than refused.
                "ALTER TABLE exchange.documents ALTER COLUMN introduces_id SET DEFAULT false",
                """
                CREATE UNIQUE INDEX documents_introduced_id ON exchange.documents (document_id)
                WHERE introduces_id
                """,
            ]),
        Migration(
            version: 11, name: "the newest global configuration any replica swept with",
            statements: [
                // A replica whose copy of the configuration is older than another's (its stream to Central broke)
                // must not fail deliveries for a recipient that copy still shows suspended: DeliveryFailureSweeper.
                """
                CREATE TABLE exchange.configuration_seen (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    version bigint NOT NULL
                )
                """
            ]),
        Migration(
            version: 12, name: "a sender's failed deliveries by their own index (Art. 13.2)",
            statements: [
                // `sender`: the sender of the document version a delivery carries (or a notice is about), copied from
                // `documents.sender` so that ListFailedDeliveries reads one sender's failed deliveries, not every
                // failed delivery of the platform (they are kept for ever) joined to its document. Nullable without a
                // default: adding it rewrites no row. Every delivery queued from now on carries it; a delivery queued
                // before gets it from the statement that fails it (DeliveryStore).
                "ALTER TABLE exchange.deliveries ADD COLUMN sender text",
                // Only the deliveries already FAILED need it now, found through `deliveries_failed`
                // (`WHERE state = 4`): the millions of delivered ones are not rewritten.
                """
                UPDATE exchange.deliveries d SET sender = doc.sender
                FROM exchange.documents doc
                WHERE d.state = 4 AND d.kind = 1 AND d.sender IS NULL
                  AND doc.document_id = d.document_id AND doc.version = d.version
                """,
            ]),
        // After the backfill, so that the update maintains no index on the column; built concurrently, since a plain
        // CREATE INDEX reads every delivery while it stops the table's writes — every send of the platform meanwhile.
        Migration(
            version: 13, name: "the index of a sender's failed deliveries, built without stopping sends",
            concurrentIndexes: [
                .init(
                    "deliveries_failed_by_sender",
                    "ON exchange.deliveries (sender, fail_time DESC, delivery_id) WHERE state = 4 AND kind = 1")
            ]),
    ]
}
