import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Report's read model as the projection writes it: the facts of each delivery (`report.deliveries`), the daily and
/// monthly rollups (`report.daily_figures`, `report.monthly_figures`, `report.monthly_dimension_figures`) and the
/// rejection reasons (`report.rejection_reasons`), written a batch at a time (`write(_:on:)`). Every method runs in
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

    /// The facts of every delivery of `documentIDs` (every version under each id) that Report knows, keyed by
    /// delivery id: what a revocation or a newer version disposes of.
    func facts(ofDocuments documentIDs: [String], on connection: PostgresConnection) async throws
        -> [String: DeliveryFacts]
    {
        guard !documentIDs.isEmpty else { return [:] }
        return try await facts(where: "document_id = ANY($1)", binds: { $0.append(documentIDs) }, on: connection)
    }

    /// The copies still open with a due day before `day` (``DeliveryFacts/becomesOverdue(on:)``), through the
    /// partial index `deliveries_open_by_due_day`: only the copies that just passed their due day are read.
    func openDeliveries(dueBefore day: VietnamDay, on connection: PostgresConnection) async throws -> [DeliveryFacts] {
        Array(
            try await facts(
                where: """
                    due_day < DATE '1970-01-01' + $1::int4 AND due_day IS NOT NULL AND NOT overdue
                    AND completion_time IS NULL AND rejection_time IS NULL AND NOT retracted AND NOT disposed
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
                        (due_day - DATE '1970-01-01'), overdue, version, disposed,
                        (pending_failure_handle_by - DATE '1970-01-01'), assignment_time
                    FROM report.deliveries WHERE \(condition)
                    """, binds: binds), on: connection, logger: logger)
        for try await row in rows {
            let columns = try row.decode(
                (
                    String, String, String, String, Int32, Int16, String, Vdxp_Exchange_V1_BusinessType,
                    Vdxp_Exchange_V1_LegalValue, Date, Date?, Date?, Date?, Date?, Date?, Date?, Bool, Int32?, Bool,
                    Int32, Bool, Int32?, Date?
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
            facts.version = columns.19
            facts.disposed = columns.20
            facts.pendingFailureHandleBy = columns.21.map(VietnamDay.init(number:))
            facts.assignmentTime = columns.22
            known[columns.0] = facts
        }
        return known
    }

    /// Empties the read model, for a rebuild from the journal's first entry (the caller puts the cursor back to 0 in
    /// the same transaction).
    func reset(on connection: PostgresConnection) async throws {
        try await database.query(
            """
            TRUNCATE report.deliveries, report.daily_figures, report.monthly_figures,
                report.monthly_dimension_figures, report.rejection_reasons
            """,
            on: connection,
            logger: logger)
    }
}
