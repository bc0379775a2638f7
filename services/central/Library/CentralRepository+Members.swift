import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// Members as stored: their connection lifecycle, contact and gateway.
extension CentralRepository {
    static let memberColumns = """
        organisation_id, display_name, kind, state, state_reason, create_time, update_time, state_time, state_before, \
        purpose, scope, declares_conformity, conformity_statement, trial_start_time, expected_resume_date, successor, \
        contact_email, contact_phone
        """

    /// One member with its certificates and gateway, or nil.
    func member(
        _ organisationID: String, on connection: PostgresConnection? = nil, today: CalendarDate? = nil
    ) async throws -> Vdxp_Central_V1_Member? {
        let rows = try await query(
            "SELECT \(unescaped: Self.memberColumns) FROM central.members WHERE organisation_id = \(organisationID)",
            on: connection)
        var found: Vdxp_Central_V1_Member?
        for try await row in rows { found = try Self.member(row) }
        guard var member = found else { return nil }
        member.certificates = try await certificates(of: organisationID, includeDER: true, on: connection)
        let gateway = try await endpoints(of: [organisationID], today: today ?? CalendarDate(Date()), on: connection)
        if let current = gateway.current[organisationID] { member.endpoint = current }
        if let pending = gateway.pending[organisationID] { member.pendingEndpointChange = pending }
        return member
    }

    /// A page of members ordered by organisation id, after `after`.
    func members(after: String, limit: Int, today: CalendarDate? = nil) async throws -> [Vdxp_Central_V1_Member] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.memberColumns) FROM central.members
            WHERE organisation_id > \(after) ORDER BY organisation_id LIMIT \(limit)
            """, logger: logger)
        var members: [Vdxp_Central_V1_Member] = []
        for try await row in rows { members.append(try Self.member(row)) }
        let gateway = try await endpoints(of: members.map(\.organisationID), today: today ?? CalendarDate(Date()))
        for index in members.indices {
            let id = members[index].organisationID
            members[index].certificates = try await certificates(of: id, includeDER: true)
            if let current = gateway.current[id] { members[index].endpoint = current }
            if let pending = gateway.pending[id] { members[index].pendingEndpointChange = pending }
        }
        return members
    }

    static func member(_ row: PostgresRow) throws -> Vdxp_Central_V1_Member {
        let cells = row.makeRandomAccess()
        var member = Vdxp_Central_V1_Member()
        member.organisationID = try cells["organisation_id"].decode(String.self)
        member.displayName = try cells["display_name"].decode(String.self)
        member.kind = Vdxp_Central_V1_OrganisationKind(rawValue: try cells["kind"].decode(Int.self)) ?? .unspecified
        member.state = Vdxp_Central_V1_MemberState(rawValue: try cells["state"].decode(Int.self)) ?? .unspecified
        member.stateReason = try cells["state_reason"].decode(String.self)
        member.createTime = .init(date: try cells["create_time"].decode(Date.self))
        member.updateTime = .init(date: try cells["update_time"].decode(Date.self))
        member.stateTime = .init(date: try cells["state_time"].decode(Date.self))
        let purpose = try cells["purpose"].decode(String.self)
        if !purpose.isEmpty {
            member.connectionRequest = .with {
                $0.purpose = purpose
                $0.scope = (try? cells["scope"].decode(String.self)) ?? ""
                $0.declaresConformity = (try? cells["declares_conformity"].decode(Bool.self)) ?? false
                $0.conformityStatement = (try? cells["conformity_statement"].decode(String.self)) ?? ""
            }
        }
        if let trialStart = try cells["trial_start_time"].decode(Date?.self) {
            member.trialStartTime = .init(date: trialStart)
        }
        if let resume = try cells["expected_resume_date"].decode(Date?.self), member.state == .suspended {
            member.expectedResumeDate = CalendarDate(resume, utcOffsetSeconds: 0).iso8601
        }
        member.successorOrganisationID = try cells["successor"].decode(String?.self) ?? ""
        let email = try cells["contact_email"].decode(String.self)
        let phone = try cells["contact_phone"].decode(String.self)
        if !email.isEmpty || !phone.isEmpty {
            member.contact = .with {
                $0.email = email
                $0.phone = phone
            }
        }
        return member
    }

    /// The state a cut-off or suspended member returns to, as stored.
    func stateBefore(_ organisationID: String, on connection: PostgresConnection) async throws
        -> Vdxp_Central_V1_MemberState?
    {
        for try await raw in try await connection.query(
            "SELECT state_before FROM central.members WHERE organisation_id = \(organisationID)", logger: logger
        ).decode(Int?.self) {
            return raw.flatMap { Vdxp_Central_V1_MemberState(rawValue: $0) }
        }
        return nil
    }

    // MARK: Gateways

    /// The gateways in effect on `today` and the announced later ones, by organisation id (Vietnam-time days).
    func endpoints(
        of organisationIDs: [String]?, today: CalendarDate, on connection: PostgresConnection? = nil
    ) async throws -> (
        current: [String: Vdxp_Central_V1_Endpoint], pending: [String: Vdxp_Central_V1_ScheduledEndpointChange]
    ) {
        let everyone = organisationIDs == nil
        let ids = organisationIDs ?? []
        let rows = try await query(
            """
            SELECT organisation_id, address, description, effective_date::text, announce_time,
                   effective_date <= \(today.iso8601)::date AS in_effect
            FROM central.member_endpoints
            WHERE NOT withdrawn AND (\(everyone) OR organisation_id = ANY(\(ids)))
            ORDER BY organisation_id, effective_date, id
            """, on: connection)
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

    /// Runs `query` on `connection` when given (inside a transaction), else on the pool.
    func query(_ query: PostgresQuery, on connection: PostgresConnection?) async throws -> PostgresRowSequence {
        if let connection { return try await connection.query(query, logger: logger) }
        return try await database.query(query, logger: logger)
    }
}
