import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// The member lists others read: the global configuration's and the public directory's (Art. 9.1).
extension MemberStore {
    /// Every member as the global configuration lists it, ordered by organisation id: state, successor, gateways as
    /// on `today`, certificates without their DER, and the `units` each carries (with their seal certificates). Read
    /// on `connection` (the configuration's read-only snapshot).
    func configuredMembers(
        today: CalendarDate, units: [Vdxp_Central_V1_RepresentedUnit], on connection: PostgresConnection
    ) async throws -> [Vdxp_Central_V1_ConfiguredMember] {
        var members: [Vdxp_Central_V1_ConfiguredMember] = []
        for try await row in try await database.query(
            """
            SELECT organisation_id, display_name, kind, state, successor FROM central.members
            ORDER BY organisation_id
            """, on: connection, logger: logger
        ).decode((String, String, Vdxp_Central_V1_OrganisationKind, Vdxp_Central_V1_MemberState, String?).self) {
            members.append(
                .with {
                    $0.organisationID = row.0
                    $0.displayName = row.1
                    $0.kind = row.2
                    $0.state = row.3
                    $0.successorOrganisationID = row.4 ?? ""
                })
        }
        let gateways = try await endpoints(of: nil, today: today, on: connection)
        let certificates = try await allCertificates(on: connection)
        for index in members.indices {
            let id = members[index].organisationID
            if let endpoint = gateways.current[id] { members[index].endpoint = endpoint }
            if let change = gateways.pending[id] { members[index].pendingEndpointChange = change }
            members[index].certificates = certificates[id] ?? []
        }
        let unitsByParent = Dictionary(grouping: units, by: \.parentOrganisationID)
        for index in members.indices {
            members[index].representedUnits = (unitsByParent[members[index].organisationID] ?? []).map { unit in
                var unit = unit
                unit.certificates = certificates[unit.organisationID] ?? []
                return unit
            }
        }
        return members
    }

    /// Directory entries after `after` in one of `states`, ordered by organisation id, at most `limit`; only ids
    /// ending in `.<level1Unit>` unless `level1Unit` is empty. Represented units are listed too (they are ids in use,
    /// Art. 9.1), in their parent's state and kind and naming their parent: they exchange exactly while it does.
    func directoryEntries(
        after: String, states: [Vdxp_Central_V1_MemberState], level1Unit: String, limit: Int
    ) async throws -> [Vdxp_Central_V1_DirectoryEntry] {
        let suffix = level1Unit.isEmpty ? "" : "." + level1Unit
        let rows = try await database.query(
            """
            SELECT organisation_id, display_name, kind, state, successor, parent FROM (
                SELECT organisation_id, display_name, kind, state, successor, NULL::text AS parent
                FROM central.members
                UNION ALL
                SELECT u.organisation_id, u.display_name, m.kind, m.state, NULL::text, u.parent_organisation_id
                FROM central.represented_units u
                JOIN central.members m ON m.organisation_id = u.parent_organisation_id
            ) AS entry
            WHERE organisation_id > \(after) AND state = ANY(\(states))
              AND (\(suffix) = '' OR organisation_id LIKE '%' || \(suffix))
            ORDER BY organisation_id LIMIT \(limit)
            """, logger: logger)
        var entries: [Vdxp_Central_V1_DirectoryEntry] = []
        for try await (id, name, kind, state, successor, parent) in rows.decode(
            (String, String, Vdxp_Central_V1_OrganisationKind, Vdxp_Central_V1_MemberState, String?, String?).self)
        {
            entries.append(
                .with {
                    $0.organisationID = id
                    $0.displayName = name
                    $0.kind = kind
                    $0.state = state
                    $0.successorOrganisationID = successor ?? ""
                    $0.parentOrganisationID = parent ?? ""
                })
        }
        return entries
    }
}
