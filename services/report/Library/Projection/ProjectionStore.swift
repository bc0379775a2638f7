import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Report's read model as the projection writes it: the facts of each delivery (`report.deliveries`), the daily
/// rollups (`report.daily_figures`) and the rejection reasons (`report.rejection_reasons`). Every method runs in
/// the follower's transaction, the one that advances the cursor.
struct ProjectionStore: Sendable {
    let database: Database
    let logger: Logger

    /// The facts of the deliveries `ids` that Report knows, keyed by delivery id.
    func facts(_ ids: [String], on connection: PostgresConnection) async throws -> [String: DeliveryFacts] {
        guard !ids.isEmpty else { return [:] }
        return try await facts(
            where: "delivery_id = ANY($1)", binds: { $0.append(ids) }, on: connection)
    }

    /// The copies still open with a due day before `day` (``DeliveryFacts/becomesOverdue(on:)``), through the
    /// partial index `deliveries_open_by_due_day`: only the copies that just passed their due day are read.
    func openDeliveries(dueBefore day: VietnamDay, on connection: PostgresConnection) async throws -> [DeliveryFacts] {
        Array(
            try await facts(
                where: """
                    due_day < DATE '1970-01-01' + $1::int4 AND due_day IS NOT NULL AND NOT overdue
                    AND completion_time IS NULL AND rejection_time IS NULL AND NOT retracted
                    """, binds: { $0.append(day.number) }, on: connection
            ).values)
    }

    /// The facts of the deliveries matching `condition` (with parameters from `binds`), keyed by delivery id.
    private func facts(
        where condition: String, binds bind: (inout PostgresBindings) -> Void, on connection: PostgresConnection
    ) async throws -> [String: DeliveryFacts] {
        var known: [String: DeliveryFacts] = [:]
        var binds = PostgresBindings()
        bind(&binds)
        let rows = try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT delivery_id, document_id, sender, recipient, (day - DATE '1970-01-01'), priority,
                        document_type, business_type, legal_value, accept_time, arrival_time, registration_time,
                        processing_time, completion_time, rejection_time, pending_failure_time, retracted,
                        (due_day - DATE '1970-01-01'), overdue
                    FROM report.deliveries WHERE \(condition)
                    """, binds: binds), on: connection, logger: logger)
        for try await row in rows {
            let columns = try row.decode(
                (
                    String, String, String, String, Int32, Int16, String, Vdxp_Exchange_V1_BusinessType,
                    Vdxp_Exchange_V1_LegalValue, Date, Date?, Date?, Date?, Date?, Date?, Date?, Bool, Int32?, Bool
                ).self)
            var facts = DeliveryFacts(
                deliveryID: columns.0, documentID: columns.1, sender: columns.2, recipient: columns.3,
                dimensions: DocumentDimensions(
                    day: VietnamDay(number: columns.4), priority: Int32(columns.5), documentType: columns.6,
                    businessType: columns.7, legalValue: columns.8),
                acceptTime: columns.9)
            facts.arrivalTime = columns.10
            facts.registrationTime = columns.11
            facts.processingTime = columns.12
            facts.completionTime = columns.13
            facts.rejectionTime = columns.14
            facts.pendingFailureTime = columns.15
            facts.retracted = columns.16
            facts.dueDay = columns.17.map(VietnamDay.init(number:))
            facts.overdue = columns.18
            known[columns.0] = facts
        }
        return known
    }

    /// Writes what one entry changed.
    func apply(_ step: ProjectionStep, on connection: PostgresConnection) async throws {
        for facts in step.deliveries { try await save(facts, on: connection) }
        for (key, counts) in step.increments where !counts.isZero { try await add(counts, to: key, on: connection) }
        for (key, reason) in step.rejections { try await addRejection(reason, to: key, on: connection) }
    }

    /// Inserts or overwrites one delivery's facts.
    private func save(_ facts: DeliveryFacts, on connection: PostgresConnection) async throws {
        let key = facts.recipientKey
        try await database.query(
            """
            INSERT INTO report.deliveries (delivery_id, document_id, sender, recipient, recipient_level1_unit,
                recipient_kind, day, priority, document_type, business_type, legal_value, accept_time, arrival_time,
                registration_time, processing_time, completion_time, rejection_time, pending_failure_time, retracted,
                due_day, overdue)
            VALUES (\(facts.deliveryID), \(facts.documentID), \(facts.sender), \(facts.recipient), \(key.level1Unit),
                \(key.memberKind), DATE '1970-01-01' + \(facts.dimensions.day.number),
                \(Int16(clamping: facts.dimensions.priority)), \(facts.dimensions.documentType),
                \(facts.dimensions.businessType), \(facts.dimensions.legalValue), \(facts.acceptTime),
                \(facts.arrivalTime), \(facts.registrationTime), \(facts.processingTime), \(facts.completionTime),
                \(facts.rejectionTime), \(facts.pendingFailureTime), \(facts.retracted),
                DATE '1970-01-01' + \(facts.dueDay?.number)::int4, \(facts.overdue))
            ON CONFLICT (delivery_id) DO UPDATE SET arrival_time = excluded.arrival_time, overdue = excluded.overdue,
                registration_time = excluded.registration_time, processing_time = excluded.processing_time,
                completion_time = excluded.completion_time, rejection_time = excluded.rejection_time,
                pending_failure_time = excluded.pending_failure_time, retracted = excluded.retracted
            """, on: connection, logger: logger)
    }

    /// Adds `counts` to row `key` of the daily figures.
    private func add(_ counts: Counts, to key: RollupKey, on connection: PostgresConnection) async throws {
        let columns = Measure.allCases.map(\.rawValue)
        var binds = PostgresBindings()
        binds.append(key.organisationID)
        binds.append(key.level1Unit)
        binds.append(key.memberKind)
        binds.append(key.dimensions.day.number)
        binds.append(Int16(clamping: key.dimensions.priority))
        binds.append(key.dimensions.documentType)
        binds.append(key.dimensions.businessType)
        binds.append(key.dimensions.legalValue)
        for value in counts.values { binds.append(value) }
        let placeholders = (9...(8 + columns.count)).map { "$\($0)" }.joined(separator: ", ")
        let updates = columns.map { "\($0) = report.daily_figures.\($0) + excluded.\($0)" }.joined(separator: ", ")
        let sql = """
            INSERT INTO report.daily_figures (organisation_id, level1_unit, member_kind, day, priority, document_type,
                business_type, legal_value, \(columns.joined(separator: ", ")))
            VALUES ($1, $2, $3, DATE '1970-01-01' + $4, $5, $6, $7, $8, \(placeholders))
            ON CONFLICT (organisation_id, day, priority, document_type, business_type, legal_value)
            DO UPDATE SET \(updates)
            """
        try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds), on: connection, logger: logger)
        // The month's row of the member, without document dimensions.
        var monthBinds = PostgresBindings()
        monthBinds.append(key.organisationID)
        monthBinds.append(key.level1Unit)
        monthBinds.append(key.memberKind)
        monthBinds.append(key.dimensions.day.number)
        for value in counts.values { monthBinds.append(value) }
        let monthPlaceholders = (5...(4 + columns.count)).map { "$\($0)" }.joined(separator: ", ")
        let monthUpdates = columns.map { "\($0) = report.monthly_figures.\($0) + excluded.\($0)" }
            .joined(separator: ", ")
        let monthSQL = """
            INSERT INTO report.monthly_figures (organisation_id, level1_unit, member_kind, month,
                \(columns.joined(separator: ", ")))
            VALUES ($1, $2, $3, date_trunc('month', (DATE '1970-01-01' + $4)::timestamp)::date, \(monthPlaceholders))
            ON CONFLICT (organisation_id, month) DO UPDATE SET \(monthUpdates)
            """
        try await database.query(
            PostgresQuery(unsafeSQL: monthSQL, binds: monthBinds), on: connection, logger: logger)
        // The month's row of the member with the document dimensions (filtered month-aligned requests).
        let dimensionUpdates = columns.map {
            "\($0) = report.monthly_dimension_figures.\($0) + excluded.\($0)"
        }.joined(separator: ", ")
        let dimensionSQL = """
            INSERT INTO report.monthly_dimension_figures (organisation_id, level1_unit, member_kind, month, priority,
                document_type, business_type, legal_value, \(columns.joined(separator: ", ")))
            VALUES ($1, $2, $3, date_trunc('month', (DATE '1970-01-01' + $4)::timestamp)::date, $5, $6, $7, $8,
                \(placeholders))
            ON CONFLICT (organisation_id, month, priority, document_type, business_type, legal_value)
            DO UPDATE SET \(dimensionUpdates)
            """
        try await database.query(
            PostgresQuery(unsafeSQL: dimensionSQL, binds: binds), on: connection, logger: logger)
    }

    /// Counts one rejection with `reason` on row `key`'s member and day.
    private func addRejection(_ reason: String, to key: RollupKey, on connection: PostgresConnection) async throws {
        let shown = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try await database.query(
            """
            INSERT INTO report.rejection_reasons (organisation_id, level1_unit, member_kind, day, reason_key, reason,
                count)
            VALUES (\(key.organisationID), \(key.level1Unit), \(key.memberKind),
                DATE '1970-01-01' + \(key.dimensions.day.number), \(RejectionReasonKey.normalise(reason)), \(shown), 1)
            ON CONFLICT (organisation_id, day, reason_key)
            DO UPDATE SET count = report.rejection_reasons.count + 1
            """, on: connection, logger: logger)
    }

    /// Empties the read model and puts the cursor back to 0, for a rebuild from the journal's first entry.
    func reset(on connection: PostgresConnection) async throws {
        try await database.query(
            """
            TRUNCATE report.deliveries, report.daily_figures, report.monthly_figures,
                report.monthly_dimension_figures, report.rejection_reasons
            """,
            on: connection,
            logger: logger)
        try await database.query(
            """
            UPDATE report.journal_cursor SET after_sequence = 0, last_event_time = NULL, count_time = NULL
            """, on: connection, logger: logger)
    }
}
