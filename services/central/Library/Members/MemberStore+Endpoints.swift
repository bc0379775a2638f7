import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// Members' gateways (`central.member_endpoints`): the one in effect and the change announced ahead (Art. 17.2).
extension MemberStore {
    /// The gateways in effect on `today` and the announced later ones, by organisation id (Vietnam-time days), of
    /// `organisationIDs` or, when nil, of every member.
    func endpoints(
        of organisationIDs: [String]?, today: CalendarDate, on connection: PostgresConnection? = nil
    ) async throws -> (
        current: [String: Vdxp_Central_V1_Endpoint], pending: [String: Vdxp_Central_V1_ScheduledEndpointChange]
    ) {
        let everyone = organisationIDs == nil
        let ids = organisationIDs ?? []
        let rows = try await database.query(
            """
            SELECT organisation_id, address, description, effective_date::text, announce_time,
                   effective_date <= \(today.iso8601)::date AS in_effect
            FROM central.member_endpoints
            WHERE NOT withdrawn AND (\(everyone) OR organisation_id = ANY(\(ids)))
            ORDER BY organisation_id, effective_date, id
            """, on: connection, logger: logger)
        var current: [String: Vdxp_Central_V1_Endpoint] = [:]
        var pending: [String: Vdxp_Central_V1_ScheduledEndpointChange] = [:]
        for try await (id, address, description, date, announced, inEffect) in rows.decode(
            (String, String, String, String, Date, Bool).self)
        {
            let endpoint = Vdxp_Central_V1_Endpoint.with {
                $0.address = address
                $0.description_p = description
                $0.effectiveDate = date
            }
            if inEffect {
                current[id] = endpoint  // the latest in effect wins (ordered by effective date)
            } else {
                pending[id] = .with {
                    $0.endpoint = endpoint
                    $0.announceTime = .init(date: announced)
                }
            }
        }
        return (current, pending)
    }

    /// Announces that `organisationID`'s gateway becomes `address` on `effective`; the announcement replaces one made
    /// earlier that has not taken effect by `today`.
    func announceEndpoint(
        of organisationID: String, address: String, description: String, effective: CalendarDate,
        today: CalendarDate, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            UPDATE central.member_endpoints SET withdrawn = true
            WHERE organisation_id = \(organisationID) AND NOT withdrawn AND effective_date > \(today.iso8601)::date
            """, on: connection, logger: logger)
        try await database.query(
            """
            INSERT INTO central.member_endpoints (organisation_id, address, description, effective_date)
            VALUES (\(organisationID), \(address), \(description), \(effective.iso8601)::date)
            """, on: connection, logger: logger)
    }
}
