import SwiftProtobuf
import VDXPStore

/// The `exchange` schema: documents and their attachment bytes, one delivery per recipient, the business status
/// history, and the hash-chained journal.
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
            ])
    ]
}
