import Foundation
import PostgresNIO
import VDXPProto
import VDXPStore

extension ProjectionStore {
    /// Writes what a batch of entries changed, inside the follower's transaction: the deliveries' facts (one statement
    /// per thousand deliveries), then the counters of the daily, monthly and monthly-by-dimension rows and the
    /// rejection reasons, one statement each whatever the batch's size.
    func write(_ batch: ProjectionBatch, on connection: PostgresConnection) async throws {
        let deliveries = batch.changedDeliveries
        for start in stride(from: 0, to: deliveries.count, by: 1000) {
            try await save(deliveries[start..<min(start + 1000, deliveries.count)], on: connection)
        }
        try await add(batch.increments, on: connection)
        try await addRejections(batch.rejections, on: connection)
    }

    /// Inserts or overwrites deliveries' facts (each delivery once).
    private func save(_ deliveries: ArraySlice<DeliveryFacts>, on connection: PostgresConnection) async throws {
        guard !deliveries.isEmpty else { return }
        var binds = PostgresBindings()
        var rows: [String] = []
        for facts in deliveries {
            let key = facts.recipientKey
            let first = binds.count + 1
            binds.append(facts.deliveryID)
            binds.append(facts.documentID)
            binds.append(facts.sender)
            binds.append(facts.recipient)
            binds.append(key.level1Unit)
            try binds.append(key.memberKind)
            binds.append(facts.dimensions.day.number)
            binds.append(Int16(clamping: facts.dimensions.priority))
            binds.append(facts.dimensions.documentType)
            try binds.append(facts.dimensions.businessType)
            try binds.append(facts.dimensions.legalValue)
            binds.append(facts.acceptTime)
            binds.append(facts.arrivalTime)
            binds.append(facts.registrationTime)
            binds.append(facts.processingTime)
            binds.append(facts.completionTime)
            binds.append(facts.rejectionTime)
            binds.append(facts.pendingFailureTime)
            binds.append(facts.retracted)
            binds.append(facts.dueDay?.number)
            binds.append(facts.overdue)
            binds.append(facts.version)
            binds.append(facts.disposed)
            binds.append(facts.pendingFailureHandleBy?.number)
            binds.append(facts.assignmentTime)
            let placeholders = (first..<(first + 25)).map { "$\($0)" }
            // The day, the due day and the handle-by day travel as day numbers since 1970-01-01.
            var values = placeholders
            values[6] = "DATE '1970-01-01' + \(placeholders[6])::int4"
            values[19] = "DATE '1970-01-01' + \(placeholders[19])::int4"
            values[23] = "DATE '1970-01-01' + \(placeholders[23])::int4"
            rows.append("(" + values.joined(separator: ", ") + ")")
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO report.deliveries (delivery_id, document_id, sender, recipient, recipient_level1_unit,
                        recipient_kind, day, priority, document_type, business_type, legal_value, accept_time,
                        arrival_time, registration_time, processing_time, completion_time, rejection_time,
                        pending_failure_time, retracted, due_day, overdue, version, disposed,
                        pending_failure_handle_by, assignment_time)
                    VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (delivery_id) DO UPDATE SET arrival_time = excluded.arrival_time,
                        overdue = excluded.overdue, registration_time = excluded.registration_time,
                        processing_time = excluded.processing_time, completion_time = excluded.completion_time,
                        rejection_time = excluded.rejection_time, pending_failure_time = excluded.pending_failure_time,
                        retracted = excluded.retracted, disposed = excluded.disposed,
                        pending_failure_handle_by = excluded.pending_failure_handle_by,
                        assignment_time = excluded.assignment_time
                    """, binds: binds), on: connection, logger: logger)
    }

    /// Adds counters to their daily rows, and to the member's monthly rows without and with the document dimensions
    /// (summed per month first, so that one statement never updates a row twice). The rows are bound as arrays: the
    /// statements' text does not depend on the batch.
    private func add(_ increments: [RollupKey: Counts], on connection: PostgresConnection) async throws {
        guard !increments.isEmpty else { return }
        let keys = Array(increments.keys)
        var binds = PostgresBindings()
        binds.append(keys.map(\.organisationID))
        binds.append(keys.map(\.level1Unit))
        binds.append(keys.map { Int16(truncatingIfNeeded: $0.memberKind.rawValue) })
        binds.append(keys.map(\.dimensions.day.number))
        binds.append(keys.map { Int16(clamping: $0.dimensions.priority) })
        binds.append(keys.map(\.dimensions.documentType))
        binds.append(keys.map { Int16(truncatingIfNeeded: $0.dimensions.businessType.rawValue) })
        binds.append(keys.map { Int16(truncatingIfNeeded: $0.dimensions.legalValue.rawValue) })
        for measure in Measure.allCases { binds.append(keys.map { increments[$0]![measure] }) }

        let columns = Measure.allCases.map(\.rawValue)
        let counters = columns.joined(separator: ", ")
        let arrays = (9...(8 + columns.count)).map { "$\($0)::int8[]" }.joined(separator: ", ")
        let rows = """
            SELECT organisation_id, level1_unit, member_kind, DATE '1970-01-01' + day AS day, priority, document_type,
                business_type, legal_value, \(counters)
            FROM unnest($1::text[], $2::text[], $3::int2[], $4::int4[], $5::int2[], $6::text[], $7::int2[], $8::int2[],
                \(arrays))
                AS f (organisation_id, level1_unit, member_kind, day, priority, document_type, business_type,
                    legal_value, \(counters))
            """
        func updates(_ table: String) -> String {
            columns.map { "\($0) = report.\(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        }
        let sums = columns.map { "sum(\($0))::bigint" }.joined(separator: ", ")
        let month = "date_trunc('month', day::timestamp)::date"
        // Each rollup key is one daily row.
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO report.daily_figures (organisation_id, level1_unit, member_kind, day, priority,
                        document_type, business_type, legal_value, \(counters))
                    \(rows)
                    ON CONFLICT (organisation_id, day, priority, document_type, business_type, legal_value)
                    DO UPDATE SET \(updates("daily_figures"))
                    """, binds: binds), on: connection, logger: logger)
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO report.monthly_figures (organisation_id, level1_unit, member_kind, month, \(counters))
                    SELECT organisation_id, min(level1_unit), min(member_kind), \(month), \(sums)
                    FROM (\(rows)) AS r
                    GROUP BY organisation_id, \(month)
                    ON CONFLICT (organisation_id, month) DO UPDATE SET \(updates("monthly_figures"))
                    """, binds: binds), on: connection, logger: logger)
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO report.monthly_dimension_figures (organisation_id, level1_unit, member_kind, month,
                        priority, document_type, business_type, legal_value, \(counters))
                    SELECT organisation_id, min(level1_unit), min(member_kind), \(month), priority, document_type,
                        business_type, legal_value, \(sums)
                    FROM (\(rows)) AS r
                    GROUP BY organisation_id, \(month), priority, document_type, business_type, legal_value
                    ON CONFLICT (organisation_id, month, priority, document_type, business_type, legal_value)
                    DO UPDATE SET \(updates("monthly_dimension_figures"))
                    """, binds: binds), on: connection, logger: logger)
    }

    /// Counts rejections with their reasons on their members' days: one per reason given, reasons that normalise
    /// alike counted together; a new row shows the first wording given.
    private func addRejections(
        _ rejections: [(key: RollupKey, reason: String)], on connection: PostgresConnection
    ) async throws {
        guard !rejections.isEmpty else { return }
        let organisations = rejections.map(\.key.organisationID)
        let level1Units = rejections.map(\.key.level1Unit)
        let kinds = rejections.map { Int16(truncatingIfNeeded: $0.key.memberKind.rawValue) }
        let days = rejections.map(\.key.dimensions.day.number)
        let reasonKeys = rejections.map { RejectionReasonKey.normalise($0.reason) }
        let shown = rejections.map { $0.reason.trimmingCharacters(in: .whitespacesAndNewlines) }
        try await database.query(
            """
            INSERT INTO report.rejection_reasons (organisation_id, level1_unit, member_kind, day, reason_key, reason,
                count)
            SELECT organisation_id, min(level1_unit), min(member_kind), DATE '1970-01-01' + day, reason_key,
                (array_agg(reason ORDER BY position))[1], count(*)
            FROM unnest(\(organisations)::text[], \(level1Units)::text[], \(kinds)::int2[], \(days)::int4[],
                \(reasonKeys)::text[], \(shown)::text[]) WITH ORDINALITY
                AS r (organisation_id, level1_unit, member_kind, day, reason_key, reason, position)
            GROUP BY organisation_id, day, reason_key
            ON CONFLICT (organisation_id, day, reason_key)
            DO UPDATE SET count = report.rejection_reasons.count + excluded.count
            """, on: connection, logger: logger)
    }
}
