import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Inbox entries, `exchange.deliveries` — one document delivery per recipient, and notices: every statement on
/// the table (queue, lease, acknowledge, fail, withdraw, retry, and what revisions and retracts do to a copy).
/// Each method runs on the given connection (a caller's transaction) or, without one, on the pool.
struct DeliveryStore: Sendable {
    let database: Database
    let logger: Logger

    /// A copy that left CURRENT.
    struct DisposedCopy: Sendable {
        var recipient: String
        var deliveryID: UUID
        /// Whether the recipient may hold the document: acknowledged, or leased at least once.
        var mayHoldDocument: Bool
    }

    /// A document delivery the failure sweep marked FAILED, and why.
    struct FailedDelivery: Sendable {
        var deliveryID: UUID
        var documentID: String
        var recipient: String
        var attempts: Int
        var reason: Vdxp_Exchange_V1_DeliveryFailureReason
        /// For RECIPIENT_CLOSED, the successor; empty otherwise.
        var successor: String
        var acknowledgeDue: Date?
    }

    private typealias State = Vdxp_Exchange_V1_DeliveryState
    private typealias Kind = Vdxp_Exchange_V1_DeliveryKind

    // MARK: Reading

    /// The document deliveries (one per recipient) of a version of a document — of every version sent under its id
    /// when `version` is nil — optionally for one recipient only, by recipient and version.
    func deliveries(
        of documentID: String, version: Int32?, recipient: String? = nil, on connection: PostgresConnection? = nil
    ) async throws -> [DeliveryRow] {
        let recipient = recipient ?? ""
        let version = version.map { Int($0) } ?? 0
        let rows = try await database.query(
            """
            SELECT \(unescaped: DeliveryRow.columns) FROM exchange.deliveries
            WHERE document_id = \(documentID) AND kind = \(Kind.document)
              AND (\(version) = 0 OR version = \(version))
              AND (\(recipient) = '' OR recipient = \(recipient))
            ORDER BY recipient, version
            """, on: connection, logger: logger)
        var result: [DeliveryRow] = []
        for try await row in rows { result.append(try DeliveryRow(row)) }
        return result
    }

    /// The document versions among `keys` that `recipient` received.
    func received(
        _ keys: [DocumentKey], by recipient: String, on connection: PostgresConnection? = nil
    ) async throws -> Set<DocumentKey> {
        let rows = try await database.query(
            """
            SELECT document_id, version FROM exchange.deliveries
            WHERE kind = \(Kind.document) AND recipient = \(recipient) AND document_id = ANY(\(keys.map(\.documentID)))
            """, on: connection, logger: logger)
        var received: Set<DocumentKey> = []
        for try await (documentID, version) in rows.decode((String, Int).self) {
            received.insert(DocumentKey(documentID: documentID, version: Int32(version)))
        }
        return received.intersection(keys)
    }

    /// One page of the documents addressed to `recipient` (every document delivery, whatever its state), newest
    /// first, after the keyset `cursor` (exclusive): keys with their send times in whole microseconds. A document
    /// delivery's `create_time` is its document's send time (both are the send transaction's `now()`, and nothing
    /// changes it), so the page reads the `deliveries_received` index alone.
    func receivedPage(
        by recipient: String, after cursor: (sendTimeMicros: Int64, documentID: String)?, limit: Int,
        on connection: PostgresConnection? = nil
    ) async throws -> [(key: DocumentKey, sendTimeMicros: Int64)] {
        let afterMicros = cursor?.sendTimeMicros ?? Int64.max
        let afterID = cursor?.documentID ?? ""
        let rows = try await database.query(
            """
            SELECT document_id, version, (extract(epoch FROM create_time) * 1000000)::bigint FROM exchange.deliveries
            WHERE recipient = \(recipient) AND kind = \(Kind.document)
              AND (\(cursor == nil) OR (create_time, document_id)
                   < ('epoch'::timestamptz + \(afterMicros) * interval '1 microsecond', \(afterID)))
            ORDER BY create_time DESC, document_id DESC LIMIT \(limit)
            """, on: connection, logger: logger)
        var page: [(key: DocumentKey, sendTimeMicros: Int64)] = []
        for try await row in rows.decode((String, Int, Int64).self) {
            page.append((key: DocumentKey(documentID: row.0, version: Int32(row.1)), sendTimeMicros: row.2))
        }
        return page
    }

    /// One page of the failed document deliveries of documents `sender` sent, most recently failed first, after
    /// the keyset `cursor` (exclusive), each with its fail time in whole microseconds (for the next cursor). Reads the
    /// delivery's own copy of its document's sender (`sender`, Exchange migration 12), which every failed document
    /// delivery carries: written when it is queued, and by the statement that fails it when it was queued before.
    func failedPage(
        sentBy sender: String, after cursor: (failTimeMicros: Int64, deliveryID: UUID)?, limit: Int,
        on connection: PostgresConnection? = nil
    ) async throws -> [(delivery: DeliveryRow, failTimeMicros: Int64)] {
        let rows = try await database.query(
            Self.failedPageQuery(sentBy: sender, after: cursor, limit: limit), on: connection, logger: logger)
        var page: [(delivery: DeliveryRow, failTimeMicros: Int64)] = []
        for try await row in rows {
            page.append(
                (
                    delivery: try DeliveryRow(row),
                    failTimeMicros: try row.makeRandomAccess()["fail_micros"].decode(Int64.self)
                ))
        }
        return page
    }

    /// The statement of ``failedPage(sentBy:after:limit:on:)``. Its predicate is the partial index
    /// `deliveries_failed_by_sender`'s (`state = 4 AND kind = 1`, written into the text), led by the sender, and it is
    /// ordered as that index is (fail time newest first, then delivery id), with the keyset written on the column
    /// itself and a bound on the time alone: a page reads the sender's own failed deliveries from its cursor and stops
    /// once it is full. Before, it walked `deliveries_failed` — every failed delivery of the platform, kept for ever —
    /// joined to each one's document to keep the sender's (620–890 ms for a sender with none, docs/benchmarks.md).
    static func failedPageQuery(
        sentBy sender: String, after cursor: (failTimeMicros: Int64, deliveryID: UUID)?, limit: Int
    ) -> PostgresQuery {
        let failTime = "(timestamptz 'epoch' + $4::int8 * interval '1 microsecond')"
        let keyset =
            cursor == nil
            ? "" : "AND d.fail_time <= \(failTime) AND (d.fail_time < \(failTime) OR d.delivery_id > $2)"
        var binds = PostgresBindings()
        binds.append(sender)
        binds.append(cursor?.deliveryID ?? UUID())
        binds.append(limit)
        binds.append(cursor?.failTimeMicros ?? 0)
        return PostgresQuery(
            unsafeSQL: """
                SELECT \(DeliveryRow.columns(qualifiedBy: "d")),
                       (extract(epoch FROM d.fail_time) * 1000000)::bigint AS fail_micros
                FROM exchange.deliveries d
                WHERE d.sender = $1 AND d.state = \(State.failed.rawValue) AND d.kind = \(Kind.document.rawValue)
                  \(keyset)
                ORDER BY d.fail_time DESC, d.delivery_id
                LIMIT $3
                """, binds: binds)
    }

    /// How many inbox entries wait (QUEUED or LEASED), how many document deliveries FAILED, platform-wide, and when
    /// the longest-failed of those failed (nil when none is FAILED): a delivery leaves FAILED only when its sender
    /// retries or withdraws it, so its age is how long a failure has gone unhandled (Art. 13.2). Each figure is its
    /// own subquery, written as the predicate of its partial index (`deliveries_inbox`, `deliveries_failed`): one scan
    /// of the table filtered by `state IN (…)` would read every delivery ever made, every 15 s on every replica.
    func backlog(on connection: PostgresConnection? = nil) async throws
        -> (pending: Int, failed: Int, oldestFailure: Date?)
    {
        var counts: (pending: Int, failed: Int, oldestFailure: Date?) = (0, 0, nil)
        for try await (pending, failed, oldest) in try await database.query(
            Self.backlogQuery, on: connection, logger: logger
        ).decode((Int, Int, Date?).self) {
            counts = (pending, failed, oldest)
        }
        return counts
    }

    /// The statement of ``backlog(on:)``, with the states written into it: each subquery's predicate is its partial
    /// index's.
    static let backlogQuery = PostgresQuery(
        unsafeSQL: """
            SELECT (SELECT count(*) FROM exchange.deliveries
                    WHERE state IN (\(State.queued.rawValue), \(State.leased.rawValue))),
                   (SELECT count(*) FROM exchange.deliveries WHERE state = \(State.failed.rawValue)),
                   (SELECT min(fail_time) FROM exchange.deliveries
                    WHERE state = \(State.failed.rawValue) AND kind = \(Kind.document.rawValue))
            """)

    // MARK: Locking

    /// Locks an inbox entry addressed to `recipient`; nil when there is none.
    func lock(
        _ deliveryID: UUID, addressedTo recipient: String, on connection: PostgresConnection
    ) async throws -> DeliveryRow? {
        try await lockOne(
            """
            SELECT \(unescaped: DeliveryRow.columns) FROM exchange.deliveries
            WHERE delivery_id = \(deliveryID) AND recipient = \(recipient) FOR UPDATE
            """, on: connection)
    }

    /// Locks the document delivery of `documentID` to `recipient` — of the latest version sent to it under that id;
    /// nil when there is none.
    func lockCopy(
        of documentID: String, to recipient: String, on connection: PostgresConnection
    ) async throws -> DeliveryRow? {
        try await lockOne(
            """
            SELECT \(unescaped: DeliveryRow.columns) FROM exchange.deliveries
            WHERE document_id = \(documentID) AND recipient = \(recipient) AND kind = \(Kind.document)
            ORDER BY version DESC LIMIT 1 FOR UPDATE
            """, on: connection)
    }

    /// Locks a document delivery of a document `sender` sent; nil when there is none.
    func lock(
        _ deliveryID: UUID, sentBy sender: String, on connection: PostgresConnection
    ) async throws -> DeliveryRow? {
        try await lockOne(
            """
            SELECT \(unescaped: DeliveryRow.columns(qualifiedBy: "d"))
            FROM exchange.deliveries d JOIN exchange.documents doc USING (document_id, version)
            WHERE d.delivery_id = \(deliveryID) AND d.kind = \(Kind.document) AND doc.sender = \(sender) FOR UPDATE OF d
            """, on: connection)
    }

    /// Locks several inbox entries, each addressed to its recipient, in one statement (in delivery id order, so
    /// that concurrent groups lock in the same order); those found, by delivery id.
    func lock(
        _ entries: [(deliveryID: UUID, recipient: String)], on connection: PostgresConnection
    ) async throws -> [UUID: DeliveryRow] {
        guard !entries.isEmpty else { return [:] }
        var locked: [UUID: DeliveryRow] = [:]
        for row in try await database.execute(
            LockEntries(deliveryIDs: entries.map(\.deliveryID), recipients: entries.map(\.recipient)), on: connection,
            logger: logger)
        {
            let delivery = try DeliveryRow(row)
            locked[delivery.deliveryID] = delivery
        }
        return locked
    }

    private struct LockEntries: PreparedStatement {
        static let sql = """
            SELECT \(DeliveryRow.columns) FROM exchange.deliveries
            WHERE (delivery_id, recipient) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
            ORDER BY delivery_id FOR UPDATE
            """
        var deliveryIDs: [UUID]
        var recipients: [String]
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: deliveryIDs, recipients) }
    }

    /// Locks, in one statement, the document delivery of each (document id, recipient) pair — of the latest version
    /// sent to that recipient under that id — in document and recipient order (so that concurrent groups lock in
    /// the same order), each with the time of its latest status; those found, by pair, and the caller's transaction
    /// time (nil when none was found).
    func lockCurrentCopies(
        _ addresses: Set<CopyAddress>, on connection: PostgresConnection
    ) async throws -> (copies: [CopyAddress: (copy: DeliveryRow, latestStatusTime: Date?)], transactionTime: Date?) {
        guard !addresses.isEmpty else { return ([:], nil) }
        let sorted = addresses.sorted()
        var locked: [CopyAddress: (copy: DeliveryRow, latestStatusTime: Date?)] = [:]
        var transactionTime: Date?
        for row in try await database.execute(
            LockCurrentCopies(documentIDs: sorted.map(\.documentID), recipients: sorted.map(\.recipient)),
            on: connection, logger: logger)
        {
            let copy = try DeliveryRow(row)
            let columns = row.makeRandomAccess()
            let latest = try columns["latest_status_time"].decode(Date?.self)
            transactionTime = try columns["transaction_time"].decode(Date.self)
            locked[CopyAddress(documentID: copy.documentID, recipient: copy.recipient)] = (copy, latest)
        }
        return (locked, transactionTime)
    }

    /// Internal, not private, so that `PreparedStatementPlanTests` can check its generic plan. The kind is written
    /// into the text, not bound: PostgreSQL may plan a prepared statement once for any values (a generic plan), and
    /// such a plan can use the partial index `deliveries_copy` (`WHERE kind = 1`) only if the text says `kind = 1`;
    /// with the kind as a parameter it scans the whole table (0.5 s at 2 million deliveries, docs/performance.md).
    ///
    /// `latest_status_time` is the time of the recipient's latest handling status: the retract request (13) and its
    /// answer (15, 16) are another exchange, not a step of the handling, and do not bound its times (a status that
    /// happened before a retract request may be reported after it).
    struct LockCurrentCopies: PreparedStatement {
        static let retractStatuses = [
            Vdxp_Exchange_V1_DocumentStatus.retractRequested, .retractAccepted, .retractRefused,
        ].map { String($0.rawValue) }.joined(separator: ", ")
        static let sql = """
            SELECT \(DeliveryRow.columns(qualifiedBy: "d")),
                   (SELECT max(h.status_time) FROM exchange.status_history h
                    WHERE h.delivery_id = d.delivery_id AND h.status NOT IN (\(retractStatuses)))
                       AS latest_status_time,
                   now() AS transaction_time
            FROM exchange.deliveries d
            WHERE d.delivery_id IN (
                SELECT DISTINCT ON (document_id, recipient) delivery_id FROM exchange.deliveries
                WHERE (document_id, recipient) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                  AND kind = \(Kind.document.rawValue)
                ORDER BY document_id, recipient, version DESC)
            ORDER BY d.document_id, d.recipient FOR UPDATE OF d
            """
        var documentIDs: [String]
        var recipients: [String]
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: documentIDs, recipients) }
    }

    /// Locks every document delivery of the version `key`, by recipient.
    func lockCopies(of key: DocumentKey, on connection: PostgresConnection) async throws -> [String: DeliveryRow] {
        var copies: [String: DeliveryRow] = [:]
        for try await row in try await database.query(
            """
            SELECT \(unescaped: DeliveryRow.columns) FROM exchange.deliveries
            WHERE document_id = \(key.documentID) AND version = \(Int(key.version)) AND kind = \(Kind.document)
            FOR UPDATE
            """, on: connection, logger: logger)
        {
            let copy = try DeliveryRow(row)
            copies[copy.recipient] = copy
        }
        return copies
    }

    /// Runs a `SELECT … FOR UPDATE` of at most one delivery.
    private func lockOne(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> DeliveryRow? {
        var found: DeliveryRow?
        for try await row in try await database.query(query, on: connection, logger: logger) {
            found = try DeliveryRow(row)
        }
        return found
    }

    // MARK: Queueing

    /// Queues a document `sender` sent (the version `key`'s sender, copied onto the delivery for
    /// ``failedPage(sentBy:after:limit:on:)``) for one recipient, to be acknowledged by `acknowledgeDue` (Art. 13.2),
    /// and wakes the recipient's inbox streams on commit.
    func queueDocument(
        _ key: DocumentKey, sentBy sender: String, deliveryID: UUID, to recipient: String, priority: Int32,
        acknowledgeDue: Date, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            INSERT INTO exchange.deliveries
                (delivery_id, document_id, version, sender, recipient, priority, state, acknowledge_due)
            VALUES (\(deliveryID), \(key.documentID), \(Int(key.version)), \(sender), \(recipient), \(Int(priority)),
                    \(State.queued), \(acknowledgeDue))
            """, on: connection, logger: logger)
        try await ExchangeChannels.notify(
            ExchangeChannels.inbox, payload: recipient, on: connection, of: database, logger: logger)
    }

    /// A document delivery to queue with ``queueDocuments(_:on:)``.
    struct NewCopy: Sendable {
        var key: DocumentKey
        /// Who sent the version `key` (its document row's sender), copied onto the delivery.
        var sender: String
        var deliveryID: UUID
        var recipient: String
        var priority: Int32
        var acknowledgeDue: Date
    }

    /// Queues document deliveries of any documents in one statement (a commit group), each with its document's
    /// sender, and wakes each recipient's inbox streams on commit with one notification per recipient, sent by one
    /// statement.
    func queueDocuments(_ copies: [NewCopy], on connection: PostgresConnection) async throws {
        guard !copies.isEmpty else { return }
        var rows = ValuesRows()
        for copy in copies {
            rows.startRow()
            rows.bind(copy.deliveryID)
            rows.bind(copy.key.documentID)
            rows.bind(Int(copy.key.version))
            rows.bind(copy.sender)
            rows.bind(copy.recipient)
            rows.bind(Int(copy.priority))
            try rows.bind(State.queued)
            rows.bind(copy.acknowledgeDue)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO exchange.deliveries
                        (delivery_id, document_id, version, sender, recipient, priority, state, acknowledge_due)
                    VALUES \(rows.sql)
                    """, binds: rows.binds), on: connection, logger: logger)
        var recipients: [String] = []
        for copy in copies where !recipients.contains(copy.recipient) { recipients.append(copy.recipient) }
        try await database.query(
            "SELECT pg_notify(\(ExchangeChannels.inbox), recipient) FROM unnest(\(recipients)::text[]) AS recipient",
            on: connection, logger: logger)
    }

    /// Queues a notice about the version `key`, which `sender` sent (copied onto the entry, as on every delivery), in
    /// `recipient`'s inbox and wakes its inbox streams on commit.
    func queueNotice(
        _ notice: Vdxp_Exchange_V1_DocumentNotice, about key: DocumentKey, sentBy sender: String, to recipient: String,
        priority: Int32, on connection: PostgresConnection
    ) async throws {
        let bytes: [UInt8] = try notice.serializedBytes()
        try await database.query(
            """
            INSERT INTO exchange.deliveries
                (delivery_id, document_id, version, sender, recipient, priority, state, kind, notice)
            VALUES (\(UUID()), \(key.documentID), \(Int(key.version)), \(sender), \(recipient), \(Int(priority)),
                    \(State.queued), \(Kind.notice), \(Data(bytes)))
            """, on: connection, logger: logger)
        try await ExchangeChannels.notify(
            ExchangeChannels.inbox, payload: recipient, on: connection, of: database, logger: logger)
    }

    // MARK: Leasing and acknowledging

    /// Leases up to `maximum` available inbox entries of `recipient` for `seconds`: queued ones and those whose
    /// lease expired (a document delivery only while fewer than `maximumAttempts` leases were made), highest
    /// priority first, then oldest; concurrent callers never lease the same entry.
    func lease(
        upTo maximum: Int, for recipient: String, seconds: Double, maximumAttempts: Int,
        on connection: PostgresConnection
    ) async throws -> [LeasedDelivery] {
        try await database.execute(
            Lease(recipient: recipient, maximum: maximum, seconds: seconds, maximumAttempts: maximumAttempts),
            on: connection, logger: logger
        ).map { row in
            LeasedDelivery(
                row: try DeliveryRow(row), documentBytes: try row.makeRandomAccess()["document_bytes"].decode(Int.self))
        }
    }

    /// An entry just leased, with the size of its signed document as stored — known before the document is read, so
    /// that a lease keeps only what fits in an answer (``ExchangeHandlers/fitting(_:within:)``).
    struct LeasedDelivery: Sendable {
        var row: DeliveryRow
        /// The bytes of the signed document (header, signatures, chains) of the version it carries or is about.
        var documentBytes: Int
    }

    /// Internal so that `PreparedStatementPlanTests` can check its generic plan. The states and the kind are written
    /// into the text, not bound, for the reason given at ``LockCurrentCopies``: only then can a generic plan prove the
    /// predicate of the partial index `deliveries_inbox` (`WHERE state IN (1, 2)`) and use it; with them as
    /// parameters it scans the whole table (0.2 s at 2 million deliveries).
    struct Lease: PreparedStatement {
        static let sql = """
            WITH picked AS (
                SELECT delivery_id FROM exchange.deliveries
                WHERE recipient = $1
                  AND (state = \(State.queued.rawValue)
                       OR (state = \(State.leased.rawValue) AND lease_expires <= now()
                           AND (kind = \(Kind.notice.rawValue) OR attempt_count < $2)))
                ORDER BY priority DESC, create_time, delivery_id
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            )
            UPDATE exchange.deliveries AS d
            SET state = \(State.leased.rawValue), lease_expires = now() + make_interval(secs => $4),
                attempt_count = d.attempt_count + 1
            FROM picked WHERE d.delivery_id = picked.delivery_id
            RETURNING \(DeliveryRow.columns(qualifiedBy: "d")),
                (SELECT octet_length(doc.signed_document) FROM exchange.documents doc
                 WHERE doc.document_id = d.document_id AND doc.version = d.version) AS document_bytes
            """
        var recipient: String
        var maximum: Int
        var seconds: Double
        var maximumAttempts: Int
        func makeBindings() -> PostgresBindings {
            PostgresBindings(binding: recipient, maximumAttempts, maximum, seconds)
        }
    }

    /// Gives back entries of `recipient` just leased and not sent (they did not fit in the answer): available again
    /// at once, their attempt not counted.
    func giveBack(_ deliveryIDs: [UUID], of recipient: String, on connection: PostgresConnection) async throws {
        guard !deliveryIDs.isEmpty else { return }
        try await database.query(
            """
            UPDATE exchange.deliveries
            SET lease_expires = now(), attempt_count = greatest(attempt_count - 1, 0)
            WHERE delivery_id = ANY(\(deliveryIDs)) AND recipient = \(recipient) AND state = \(State.leased)
            """, on: connection, logger: logger)
    }

    /// Marks an entry ACKNOWLEDGED; a document delivery also reaches status ARRIVED (01).
    func acknowledge(_ delivery: DeliveryRow, on connection: PostgresConnection) async throws {
        let status: Vdxp_Exchange_V1_DocumentStatus? = delivery.kind == .notice ? nil : .arrived
        try await database.query(
            """
            UPDATE exchange.deliveries
            SET state = \(State.acknowledged), status = coalesce(\(status), status), acknowledge_time = now(),
                lease_expires = NULL
            WHERE delivery_id = \(delivery.deliveryID)
            """, on: connection, logger: logger)
    }

    /// Marks several entries ACKNOWLEDGED in one statement; the document deliveries among them also reach status
    /// ARRIVED (01).
    func acknowledge(_ deliveryIDs: [UUID], on connection: PostgresConnection) async throws {
        guard !deliveryIDs.isEmpty else { return }
        _ = try await database.execute(Acknowledge(deliveryIDs: deliveryIDs), on: connection, logger: logger)
    }

    private struct Acknowledge: PreparedStatement {
        static let sql = """
            UPDATE exchange.deliveries
            SET state = $2, acknowledge_time = now(), lease_expires = NULL,
                status = CASE WHEN kind = $3 THEN status ELSE $4 END
            WHERE delivery_id = ANY($1)
            """
        var deliveryIDs: [UUID]
        func makeBindings() throws -> PostgresBindings {
            try PostgresBindings(
                binding: deliveryIDs, State.acknowledged, Kind.notice, Vdxp_Exchange_V1_DocumentStatus.arrived)
        }
    }

    /// Marks FAILED (ATTEMPTS_EXHAUSTED) up to `limit` document deliveries whose last allowed lease
    /// (`maximumAttempts`) expired.
    func failExhausted(
        maximumAttempts: Int, limit: Int, on connection: PostgresConnection
    ) async throws -> [FailedDelivery] {
        try await fail(
            """
            WITH chosen AS (
                SELECT delivery_id FROM exchange.deliveries
                WHERE state = \(State.leased) AND kind = \(Kind.document) AND lease_expires <= now()
                  AND attempt_count >= \(maximumAttempts)
                ORDER BY lease_expires LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE exchange.deliveries AS d
            SET state = \(State.failed), fail_time = now(), lease_expires = NULL,
                sender = \(unescaped: Self.senderWhenMissing),
                fail_reason = \(Vdxp_Exchange_V1_DeliveryFailureReason.attemptsExhausted)
            FROM chosen WHERE d.delivery_id = chosen.delivery_id
            RETURNING \(unescaped: Self.failedColumns)
            """, on: connection)
    }

    /// Marks FAILED (NOT_ACKNOWLEDGED_IN_TIME) up to `limit` waiting document deliveries (QUEUED or LEASED) whose
    /// acknowledgement deadline is `now` or earlier.
    func failOverdue(now: Date, limit: Int, on connection: PostgresConnection) async throws -> [FailedDelivery] {
        try await fail(
            """
            WITH chosen AS (
                SELECT delivery_id FROM exchange.deliveries
                WHERE state IN (\(State.queued), \(State.leased)) AND kind = \(Kind.document)
                  AND acknowledge_due <= \(now)
                ORDER BY acknowledge_due LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE exchange.deliveries AS d
            SET state = \(State.failed), fail_time = now(), lease_expires = NULL,
                sender = \(unescaped: Self.senderWhenMissing),
                fail_reason = \(Vdxp_Exchange_V1_DeliveryFailureReason.notAcknowledgedInTime)
            FROM chosen WHERE d.delivery_id = chosen.delivery_id
            RETURNING \(unescaped: Self.failedColumns)
            """, on: connection)
    }

    /// Marks FAILED up to `limit` waiting document deliveries (QUEUED or LEASED) to recipients that are not among
    /// `connected`: RECIPIENT_CLOSED, naming the successor, for those among `closed` (`successors` holds the
    /// successor of each, in the same order, empty when none was named); RECIPIENT_NOT_CONNECTED for the others.
    func failDisconnected(
        connected: [String], closed: [String], successors: [String], limit: Int, on connection: PostgresConnection
    ) async throws -> [FailedDelivery] {
        try await fail(
            """
            WITH chosen AS (
                SELECT delivery_id FROM exchange.deliveries
                WHERE state IN (\(State.queued), \(State.leased)) AND kind = \(Kind.document)
                  AND recipient <> ALL(\(connected))
                ORDER BY create_time LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE exchange.deliveries AS d
            SET state = \(State.failed), fail_time = now(), lease_expires = NULL,
                sender = \(unescaped: Self.senderWhenMissing),
                fail_reason = CASE WHEN d.recipient = ANY(\(closed))
                                   THEN \(Vdxp_Exchange_V1_DeliveryFailureReason.recipientClosed)
                                   ELSE \(Vdxp_Exchange_V1_DeliveryFailureReason.recipientNotConnected) END,
                fail_successor = coalesce((\(successors)::text[])[array_position(\(closed)::text[], d.recipient)], '')
            FROM chosen WHERE d.delivery_id = chosen.delivery_id
            RETURNING \(unescaped: Self.failedColumns)
            """, on: connection)
    }

    /// Gives up to `limit` FAILED document deliveries without a `sender` their document's, returning how many: those a
    /// replica of the build before Exchange migration 12 failed while a rollout replaced it (its failing statements
    /// do not write the column), which ``failedPage(sentBy:after:limit:on:)`` would otherwise never show. Reads
    /// `deliveries_failed_by_sender` at its null senders, empty once every replica runs this build; claims rows with
    /// `SKIP LOCKED`, so replicas never wait on each other.
    @discardableResult
    func attributeFailures(limit: Int, on connection: PostgresConnection) async throws -> Int {
        var count = 0
        for try await _ in try await database.query(
            Self.attributeFailuresQuery(limit: limit), on: connection, logger: logger)
        {
            count += 1
        }
        return count
    }

    /// The statement of ``attributeFailures(limit:on:)``, with the state and kind written into it: its predicate is
    /// the partial index `deliveries_failed_by_sender`'s.
    static func attributeFailuresQuery(limit: Int) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(limit)
        return PostgresQuery(
            unsafeSQL: """
                WITH chosen AS (
                    SELECT delivery_id FROM exchange.deliveries
                    WHERE sender IS NULL AND state = \(State.failed.rawValue) AND kind = \(Kind.document.rawValue)
                    LIMIT $1
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE exchange.deliveries AS d SET sender = doc.sender
                FROM chosen, exchange.documents doc
                WHERE d.delivery_id = chosen.delivery_id
                  AND doc.document_id = d.document_id AND doc.version = d.version
                RETURNING d.delivery_id
                """, binds: binds)
    }

    /// The value of `sender` in the failing statements: a delivery queued before Exchange migration 12 carries none
    /// (that migration filled only the deliveries already FAILED), and gets its document's when it fails, in the
    /// same statement, so that ``failedPage(sentBy:after:limit:on:)`` finds every failed delivery. Evaluated for
    /// those rows only (`coalesce` stops at its first non-null argument), by the documents' primary key.
    private static let senderWhenMissing = """
        coalesce(d.sender, (SELECT doc.sender FROM exchange.documents doc
                            WHERE doc.document_id = d.document_id AND doc.version = d.version))
        """

    /// What the failing statements return, for ``FailedDelivery``.
    private static let failedColumns =
        "d.delivery_id, d.document_id, d.recipient, d.attempt_count, d.fail_reason, d.fail_successor, d.acknowledge_due"

    /// Runs a failing `UPDATE … RETURNING` ``failedColumns``.
    private func fail(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [FailedDelivery] {
        var failed: [FailedDelivery] = []
        for try await (deliveryID, documentID, recipient, attempts, reason, successor, due) in try await database.query(
            query, on: connection, logger: logger
        ).decode((UUID, String, String, Int, Vdxp_Exchange_V1_DeliveryFailureReason, String, Date?).self) {
            failed.append(
                FailedDelivery(
                    deliveryID: deliveryID, documentID: documentID, recipient: recipient, attempts: attempts,
                    reason: reason, successor: successor, acknowledgeDue: due))
        }
        return failed
    }

    /// Puts a FAILED delivery back in the inbox with a fresh attempt count and a fresh acknowledgement deadline,
    /// and wakes the recipient on commit.
    func retry(_ delivery: DeliveryRow, acknowledgeDue: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE exchange.deliveries
            SET state = \(State.queued), attempt_count = 0, fail_time = NULL, lease_expires = NULL,
                fail_reason = \(Vdxp_Exchange_V1_DeliveryFailureReason.unspecified), fail_successor = '',
                acknowledge_due = \(acknowledgeDue)
            WHERE delivery_id = \(delivery.deliveryID)
            """, on: connection, logger: logger)
        try await ExchangeChannels.notify(
            ExchangeChannels.inbox, payload: delivery.recipient, on: connection, of: database, logger: logger)
    }

    // MARK: Business status and disposition

    /// Sets the business status of several document deliveries in one statement.
    func setStatuses(
        _ statuses: [(deliveryID: UUID, status: Vdxp_Exchange_V1_DocumentStatus)], on connection: PostgresConnection
    ) async throws {
        guard !statuses.isEmpty else { return }
        var rows = ValuesRows()
        for (deliveryID, status) in statuses {
            rows.startRow()
            rows.bind(deliveryID)
            try rows.bind(status)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    UPDATE exchange.deliveries d SET status = v.status
                    FROM (VALUES \(rows.sql)) AS v(delivery_id, status) WHERE d.delivery_id = v.delivery_id
                    """, binds: rows.binds), on: connection, logger: logger)
    }

    /// Moves the current copies of the version `key` (all, or those of `recipients`) to `disposition` because of
    /// `cause` (the document that caused it) or `reason` (the sender's words, for a retract at once), optionally
    /// setting their status; a copy not yet acknowledged (or FAILED) is WITHDRAWN from the inbox. Returns the copies
    /// moved, by recipient.
    func dispose(
        _ key: DocumentKey, of recipients: [String]?, as disposition: Vdxp_Exchange_V1_Disposition, by cause: String?,
        reason: String = "", status: Vdxp_Exchange_V1_DocumentStatus? = nil, on connection: PostgresConnection
    ) async throws -> [DisposedCopy] {
        let everyone = recipients == nil
        let recipients = recipients ?? []
        let rows = try await database.query(
            """
            UPDATE exchange.deliveries
            SET disposition = \(disposition), disposed_by = \(cause), disposition_time = now(),
                disposition_reason = \(reason),
                status = coalesce(\(status), status),
                state = CASE WHEN state IN (\(State.queued), \(State.leased), \(State.failed))
                             THEN \(State.withdrawn) ELSE state END,
                lease_expires = CASE WHEN state IN (\(State.queued), \(State.leased), \(State.failed))
                                     THEN NULL ELSE lease_expires END
            WHERE document_id = \(key.documentID) AND version = \(Int(key.version)) AND kind = \(Kind.document)
              AND disposition = \(Vdxp_Exchange_V1_Disposition.current)
              AND (\(everyone) OR recipient = ANY(\(recipients)))
            RETURNING recipient, delivery_id, state, attempt_count
            """, on: connection, logger: logger)
        // `RETURNING` shows the new state: WITHDRAWN for a copy that was pending, ACKNOWLEDGED otherwise.
        var copies: [DisposedCopy] = []
        for try await (recipient, deliveryID, state, attempts) in rows.decode((String, UUID, State, Int).self) {
            copies.append(
                DisposedCopy(
                    recipient: recipient, deliveryID: deliveryID,
                    mayHoldDocument: state == .acknowledged || attempts > 0))
        }
        return copies.sorted { $0.recipient < $1.recipient }
    }

    /// Records that the recipient of the REVOKED copy `deliveryID` reported it handled the revocation (Art. 15.3):
    /// now, who handled it and its comment.
    func confirmRevocation(
        of deliveryID: UUID, handler: Vdxp_Exchange_V1_Handler, comment: String, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            UPDATE exchange.deliveries
            SET revocation_confirm_time = now(), revocation_confirm_name = \(handler.fullName),
                revocation_confirm_unit = \(handler.unit), revocation_confirm_position = \(handler.position),
                revocation_confirm_comment = \(comment)
            WHERE delivery_id = \(deliveryID)
            """, on: connection, logger: logger)
    }
}
