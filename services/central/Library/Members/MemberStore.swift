import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Members as stored (`central.members`, `central.member_certificates`, `central.member_endpoints`): their
/// connection lifecycle, contact, certificates and gateways. Every statement on those tables is here; each method
/// takes an optional connection, so that several compose in the caller's transaction.
struct MemberStore: Sendable {
    let database: Database
    let clock: WallClock
    let logger: Logger

    /// The columns of `central.members` that ``member(_:)`` reads.
    static let memberColumns = """
        organisation_id, display_name, kind, state, state_reason, create_time, update_time, state_time, state_before, \
        purpose, scope, declares_conformity, conformity_statement, trial_start_time, expected_resume_date, successor, \
        contact_email, contact_phone
        """

    /// Registers `member` (state, connection request and contact as given).
    ///
    /// - Throws: ``CentralError/memberAlreadyRegistered(organisationID:)`` when its id is registered already.
    func insert(_ member: Vdxp_Central_V1_Member, on connection: PostgresConnection) async throws {
        let application = member.connectionRequest
        do {
            try await database.query(
                """
                INSERT INTO central.members
                    (organisation_id, display_name, kind, state, purpose, scope, declares_conformity,
                     conformity_statement, contact_email, contact_phone)
                VALUES (\(member.organisationID), \(member.displayName), \(member.kind), \(member.state),
                        \(application.purpose), \(application.scope), \(application.declaresConformity),
                        \(application.conformityStatement), \(member.contact.email), \(member.contact.phone))
                """, on: connection, logger: logger)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CentralError.memberAlreadyRegistered(organisationID: member.organisationID)
        }
    }

    /// Checks, in the caller's transaction, that member `organisationID` is registered and its id not CLOSED — the
    /// condition of every change a member or the operator makes to a member's record.
    ///
    /// - Throws: ``CentralError/memberNotFound(organisationID:)``, or ``CentralError/memberClosed(organisationID:successor:)``
    ///   naming its successor.
    func requireOpen(_ organisationID: String, on connection: PostgresConnection) async throws {
        guard let member = try await member(organisationID, on: connection) else {
            throw CentralError.memberNotFound(organisationID: organisationID)
        }
        guard member.state != .closed else {
            throw CentralError.memberClosed(organisationID: organisationID, successor: member.successorOrganisationID)
        }
    }

    /// Replaces the contact of member `organisationID`; returns the contact it replaced (nil for no such member).
    func updateContact(
        of organisationID: String, to contact: Vdxp_Central_V1_Contact, on connection: PostgresConnection
    ) async throws -> Vdxp_Central_V1_Contact? {
        var previous: Vdxp_Central_V1_Contact?
        for try await (email, phone) in try await database.query(
            """
            UPDATE central.members m SET contact_email = \(contact.email), contact_phone = \(contact.phone),
                update_time = \(clock.now())
            FROM (SELECT organisation_id, contact_email, contact_phone FROM central.members
                  WHERE organisation_id = \(organisationID) FOR UPDATE) AS old
            WHERE m.organisation_id = old.organisation_id
            RETURNING old.contact_email, old.contact_phone
            """, on: connection, logger: logger
        ).decode((String, String).self) {
            previous = .with {
                $0.email = email
                $0.phone = phone
            }
        }
        return previous
    }

    /// Whether member `organisationID` is registered.
    func exists(_ organisationID: String, on connection: PostgresConnection? = nil) async throws -> Bool {
        try await database.query(
            "SELECT 1 FROM central.members WHERE organisation_id = \(organisationID)", on: connection, logger: logger
        ).collect().count == 1
    }

    /// One member with its certificates and gateway, or nil. Gateways are read as on `today` (default: the clock's).
    func member(
        _ organisationID: String, on connection: PostgresConnection? = nil, today: CalendarDate? = nil
    ) async throws -> Vdxp_Central_V1_Member? {
        let rows = try await database.query(
            "SELECT \(unescaped: Self.memberColumns) FROM central.members WHERE organisation_id = \(organisationID)",
            on: connection, logger: logger)
        var found: Vdxp_Central_V1_Member?
        for try await row in rows { found = try Self.member(row) }
        guard var member = found else { return nil }
        member.certificates = try await certificates(of: organisationID, includeDER: true, on: connection)
        let gateway = try await endpoints(
            of: [organisationID], today: today ?? CalendarDate(clock.now()), on: connection)
        if let current = gateway.current[organisationID] { member.endpoint = current }
        if let pending = gateway.pending[organisationID] { member.pendingEndpointChange = pending }
        return member
    }

    /// A page of members ordered by organisation id, after `after`, with gateways as on `today`.
    func members(after: String, limit: Int, today: CalendarDate) async throws -> [Vdxp_Central_V1_Member] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.memberColumns) FROM central.members
            WHERE organisation_id > \(after) ORDER BY organisation_id LIMIT \(limit)
            """, logger: logger)
        var members: [Vdxp_Central_V1_Member] = []
        for try await row in rows { members.append(try Self.member(row)) }
        let gateway = try await endpoints(of: members.map(\.organisationID), today: today)
        let certificates = try await certificates(of: members.map(\.organisationID))
        for index in members.indices {
            let id = members[index].organisationID
            members[index].certificates = certificates[id] ?? []
            if let current = gateway.current[id] { members[index].endpoint = current }
            if let pending = gateway.pending[id] { members[index].pendingEndpointChange = pending }
        }
        return members
    }

    /// Locks member `organisationID`'s row for the rest of the transaction, so that two lifecycle changes to one
    /// member are applied one after the other.
    func lock(_ organisationID: String, on connection: PostgresConnection) async throws {
        try await lock([organisationID], on: connection)
    }

    /// Locks several members' rows until the caller's transaction ends, in the order of their ids, so that two
    /// transactions locking overlapping sets never wait for each other in a cycle.
    func lock(_ organisationIDs: [String], on connection: PostgresConnection) async throws {
        // The rows are read to the end: a failure to lock (a deadlock, say) is thrown here, naming its cause, not by
        // the transaction's next statement as "current transaction is aborted".
        for try await _ in try await database.query(
            """
            SELECT 1 FROM central.members WHERE organisation_id = ANY(\(organisationIDs))
            ORDER BY organisation_id FOR UPDATE
            """, on: connection, logger: logger)
        {}
    }

    /// What member `organisationID`'s lifecycle remembers, as stored.
    func lifecycleMemory(_ organisationID: String, on connection: PostgresConnection) async throws -> LifecycleMemory {
        let rows = try await database.query(
            """
            SELECT state_before, state_before_suspension, trial_start_time, trial_interrupted_seconds,
                   trial_interrupted_since
            FROM central.members WHERE organisation_id = \(organisationID)
            """, on: connection, logger: logger)
        for try await (beforeCutOff, beforeSuspension, trialStart, interrupted, interruptedSince) in rows.decode(
            (Vdxp_Central_V1_MemberState?, Vdxp_Central_V1_MemberState?, Date?, Double, Date?).self)
        {
            return LifecycleMemory(
                beforeCutOff: beforeCutOff, beforeSuspension: beforeSuspension,
                trial: trialStart.map {
                    TrialPeriod(start: $0, interruptedTime: interrupted, interruptedSince: interruptedSince)
                })
        }
        return LifecycleMemory()
    }

    /// Writes a lifecycle step of member `organisationID`.
    func apply(_ change: MemberStateChange, to organisationID: String, on connection: PostgresConnection) async throws {
        let (changesResumeDate, resumeDate): (Bool, String?) =
            switch change.expectedResumeDate {
            case .keep: (false, nil)
            case .set(let date): (true, date.iso8601)
            case .clear: (true, nil)
            }
        try await database.query(
            """
            UPDATE central.members
            SET state = \(change.state), state_reason = \(change.reason), state_time = \(change.time),
                update_time = \(change.time),
                state_before = coalesce(\(change.stateBeforeCutOff), state_before),
                state_before_suspension = coalesce(\(change.stateBeforeSuspension), state_before_suspension),
                trial_start_time = coalesce(\(change.trial?.start), trial_start_time),
                trial_interrupted_seconds = coalesce(\(change.trial?.interruptedTime), trial_interrupted_seconds),
                trial_interrupted_since = CASE WHEN \(change.trial != nil) THEN \(change.trial?.interruptedSince)::timestamptz
                                               ELSE trial_interrupted_since END,
                expected_resume_date =
                    CASE WHEN \(changesResumeDate) THEN \(resumeDate)::date ELSE expected_resume_date END,
                successor = coalesce(\(change.successor), successor)
            WHERE organisation_id = \(organisationID)
            """, on: connection, logger: logger)
    }

    /// Reads a row selected with ``memberColumns`` (without certificates and gateways).
    static func member(_ row: PostgresRow) throws -> Vdxp_Central_V1_Member {
        let cells = row.makeRandomAccess()
        var member = Vdxp_Central_V1_Member()
        member.organisationID = try cells["organisation_id"].decode(String.self)
        member.displayName = try cells["display_name"].decode(String.self)
        member.kind = try cells["kind"].decode(Vdxp_Central_V1_OrganisationKind.self)
        member.state = try cells["state"].decode(Vdxp_Central_V1_MemberState.self)
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
}
