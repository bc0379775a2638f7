import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Subordinate units carried by a member's connection (`central.represented_units`, Art. 3.3, 8.2.b). Every
/// statement on that table is here; the units' seal certificates are members' certificates (``MemberStore``).
struct RepresentedUnitStore: Sendable {
    let database: Database
    let logger: Logger

    /// Serialises, until the caller's transaction ends, every registration of an organisation id as a member or a
    /// unit, so that no id becomes both (each insert checks the other table after taking it).
    func lockOrganisationIDs(on connection: PostgresConnection) async throws {
        try await database.query(
            "SELECT pg_advisory_xact_lock(hashtext('central.organisation_ids'))", on: connection, logger: logger)
    }

    /// Registers `unit` (id, parent, name, reason).
    ///
    /// - Throws: ``CentralError/unitIdTaken(organisationID:parent:)`` when the id is registered as a unit already.
    func insert(_ unit: Vdxp_Central_V1_RepresentedUnit, on connection: PostgresConnection) async throws {
        if let existing = try await self.unit(unit.organisationID, on: connection) {
            throw CentralError.unitIdTaken(organisationID: unit.organisationID, parent: existing.parentOrganisationID)
        }
        try await database.query(
            """
            INSERT INTO central.represented_units (organisation_id, parent_organisation_id, display_name, reason)
            VALUES (\(unit.organisationID), \(unit.parentOrganisationID), \(unit.displayName), \(unit.reason))
            """, on: connection, logger: logger)
    }

    /// The columns ``decode(_:)`` reads.
    private static let columns = "organisation_id, parent_organisation_id, display_name, reason, register_time"

    /// Unit `organisationID` without its certificates, or nil.
    func unit(
        _ organisationID: String, on connection: PostgresConnection? = nil
    ) async throws -> Vdxp_Central_V1_RepresentedUnit? {
        try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM central.represented_units
                WHERE organisation_id = \(organisationID)
                """, on: connection, logger: logger)
        ).first
    }

    /// The units under `parent` (every unit when nil), ordered by id, after the id `after`, at most `limit`, without
    /// their certificates.
    func units(
        under parent: String?, after: String = "", limit: Int = Int(Int32.max), on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_RepresentedUnit] {
        try await Self.decode(
            database.query(
                """
                SELECT \(unescaped: Self.columns) FROM central.represented_units
                WHERE (\(parent == nil) OR parent_organisation_id = \(parent ?? "")) AND organisation_id > \(after)
                ORDER BY organisation_id LIMIT \(limit)
                """, on: connection, logger: logger))
    }

    /// Removes unit `organisationID`; returns the removed row, or nil when there was none.
    func remove(
        _ organisationID: String, on connection: PostgresConnection
    ) async throws -> Vdxp_Central_V1_RepresentedUnit? {
        try await Self.decode(
            database.query(
                """
                DELETE FROM central.represented_units WHERE organisation_id = \(organisationID)
                RETURNING \(unescaped: Self.columns)
                """, on: connection, logger: logger)
        ).first
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> [Vdxp_Central_V1_RepresentedUnit] {
        var units: [Vdxp_Central_V1_RepresentedUnit] = []
        for try await row in rows.decode((String, String, String, String, Date).self) {
            units.append(
                .with {
                    $0.organisationID = row.0
                    $0.parentOrganisationID = row.1
                    $0.displayName = row.2
                    $0.reason = row.3
                    $0.registerTime = .init(date: row.4)
                })
        }
        return units
    }
}
