import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The connection lifecycle (Art. 8–9) and the closing of organisation ids. Every change is one audited
/// transaction that bumps the global configuration, so Exchange enforces it within one refresh.
extension CentralHandlers {
    func startTrial(request: Vdxp_Central_V1_StartTrialRequest, context: ServerContext) async throws
        -> Vdxp_Central_V1_Member
    {
        guard request.note.codePointCount <= 1000 else {
            throw CentralError.invalidField(
                field: "note", message: "note has \(request.note.codePointCount) characters; at most 1000")
        }
        let start = clock.now()
        return try await change(request.organisationID, .startTrial, action: "start_trial", reason: request.note) {
            member, _, change in
            guard member.certificates.contains(where: { $0.usage == .connection }) else {
                throw CentralError.noConnectionCertificate(organisationID: member.organisationID)
            }
            let missing = [
                ("contact.email", member.contact.email), ("contact.phone", member.contact.phone),
            ].filter { $0.1.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.0)
            guard missing.isEmpty else {
                throw CentralError.missingContact(organisationID: member.organisationID, fields: missing)
            }
            change.trial = TrialPeriod(start: start)
        }
    }

    func makeOfficial(request: Vdxp_Central_V1_MakeOfficialRequest, context: ServerContext) async throws
        -> Vdxp_Central_V1_Member
    {
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        return try await change(request.organisationID, .makeOfficial, action: "make_official", reason: reason)
    }

    func cutOffMember(request: Vdxp_Central_V1_CutOffMemberRequest, context: ServerContext) async throws
        -> Vdxp_Central_V1_Member
    {
        let incident = try Validate.text(request.incident, field: "incident", maximum: 1000)
        return try await change(request.organisationID, .cutOff, action: "cut_off_member", reason: incident)
    }

    func reconnectMember(
        request: Vdxp_Central_V1_ReconnectMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let assessment = try Validate.text(
            request.remediationAssessment, field: "remediation_assessment", maximum: 2000)
        return try await change(request.organisationID, .reconnect, action: "reconnect_member", reason: assessment)
    }

    func suspendMember(request: Vdxp_Central_V1_SuspendMemberRequest, context: ServerContext) async throws
        -> Vdxp_Central_V1_Member
    {
        let actor = try await selfServiceActor(changing: request.organisationID)
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        let memberRequest = try Self.memberRequestReference(request.memberRequestReference, actor: actor)
        guard let resume = CalendarDate(iso8601: request.expectedResumeDate) else {
            throw CentralError.invalidField(
                field: "expected_resume_date",
                message: "expected_resume_date must be the day you expect to resume, written yyyy-MM-dd; got "
                    + request.expectedResumeDate.quotedForMessage)
        }
        let today = CalendarDate(clock.now())
        guard resume >= today else {
            throw CentralError.invalidField(
                field: "expected_resume_date", message: "expected_resume_date \(resume) is before today, \(today)")
        }
        let recorded = memberRequest.map { "\(reason) (member's request \($0))" } ?? reason
        return try await change(
            request.organisationID, .suspend, action: "suspend_member", reason: recorded, by: actor
        ) { _, _, change in
            change.expectedResumeDate = .set(resume)
        }
    }

    func resumeMember(request: Vdxp_Central_V1_ResumeMemberRequest, context: ServerContext) async throws
        -> Vdxp_Central_V1_Member
    {
        let actor = try await selfServiceActor(changing: request.organisationID)
        return try await change(request.organisationID, .resume, action: "resume_member", reason: "", by: actor) {
            _, _, change in
            change.expectedResumeDate = .clear
        }
    }

    func closeOrganisationId(
        request: Vdxp_Central_V1_CloseOrganisationIdRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        let successor = try Validate.organisationID(request.successorOrganisationID, field: "successor_organisation_id")
            .rawValue
        guard successor != request.organisationID else {
            throw CentralError.invalidField(
                field: "successor_organisation_id",
                message: "successor_organisation_id must differ from the id being closed")
        }
        // The successor is locked with the id closed (in id order), so that it is read as committed: two ids closed
        // at once, each naming the other, would otherwise both see the other still open and form a cycle.
        return try await change(
            request.organisationID, .close, action: "close_organisation_id",
            reason: "\(reason) (successor \(successor))", alsoLocking: [successor]
        ) { _, connection, change in
            guard let next = try await members.member(successor, on: connection) else {
                throw CentralError.successorNotRegistered(successor: successor)
            }
            guard next.state != .closed else {
                throw CentralError.successorClosed(successor: successor, itsSuccessor: next.successorOrganisationID)
            }
            change.successor = successor
        }
    }

    /// The member's written request a suspension acts on (Art. 9.5), checked: required when the operator acts, since
    /// a connection is suspended only at the member's request; optional for the member itself (its system or a
    /// MEMBER_ADMIN), whose call is the request. Nil when none is given.
    static func memberRequestReference(_ reference: String, actor: MemberChangeActor) throws -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty, !actor.isOperator {
            return nil
        }
        guard !trimmed.isEmpty else {
            throw CentralError.invalidField(
                field: "member_request_reference",
                message: "member_request_reference is required when the operator suspends a member: a connection is "
                    + "suspended only at the member's own request (Art. 9.5), so cite its written request (letter "
                    + "number and date, or ticket id); after a security incident use CutOffMember instead (Art. 9.4)")
        }
        return try Validate.text(trimmed, field: "member_request_reference", maximum: 200)
    }

    /// The most changes a member may make to its own connection in 24 hours: suspending, resuming, scheduling an
    /// endpoint change, its contact. All but the contact publish a new global configuration — rebuilt, signed and sent
    /// to every service of the platform — so that a member looping on them would keep the whole platform busy.
    static let maximumSelfServiceChangesPerDay = 20

    /// The actor of a change a member may make about itself (``MemberChangeActor``), checked: a member changes only
    /// itself, and at most ``maximumSelfServiceChangesPerDay`` times in 24 hours — its system and its accounts
    /// together, as the audit log counts them; the operator is never refused.
    func selfServiceActor(changing organisationID: String) async throws -> MemberChangeActor {
        let actor = try await MemberChangeActor.current(stores.accounts)
        try actor.requireChanging(organisationID)
        guard !actor.isOperator else { return actor }
        let made = try await stores.auditLog.changesInLastDay(byMemberItself: organisationID)
        guard made < Self.maximumSelfServiceChangesPerDay else {
            throw CentralError.selfServiceChangesExhausted(
                organisationID: organisationID, maximum: Self.maximumSelfServiceChangesPerDay)
        }
        return actor
    }

    /// Applies a lifecycle `step` to a member in one audited, configuration-bumping transaction. A cut-off and a
    /// suspension each remember the state they interrupt, and the trial period follows every move (time away from
    /// TRIAL does not count, Art. 8.3). `details` checks more on the member as stored and adds what the step records
    /// beside the state. `alsoLocking` are other members `details` reads, locked with this one. The audit log names
    /// `actor`, or the caller's certificate when it is `nil` (the operator's changes).
    private func change(
        _ organisationID: String, _ step: ConnectionLifecycle.Action, action: String, reason: String,
        by actor: MemberChangeActor? = nil, alsoLocking others: [String] = [],
        details: (
            @Sendable (Vdxp_Central_V1_Member, PostgresConnection, inout MemberStateChange) async throws -> Void
        )? = nil
    ) async throws -> Vdxp_Central_V1_Member {
        let entry = AuditEntry(
            actor: try actor?.description ?? RequestContext.caller().description, action: action,
            target: organisationID, reason: reason)
        let now = clock.now()
        let members = self.members
        try await stores.transactions.publishing(entry) { connection in
            try await members.lock([organisationID] + others, on: connection)
            guard let member = try await members.member(organisationID, on: connection) else {
                throw CentralError.memberNotFound(organisationID: organisationID)
            }
            let memory = try await members.lifecycleMemory(organisationID, on: connection)
            let next: Vdxp_Central_V1_MemberState
            do {
                next = try ConnectionLifecycle.transition(
                    step, from: member.state, beforeCutOff: memory.beforeCutOff,
                    beforeSuspension: memory.beforeSuspension, trial: memory.trial, now: now)
            } catch let error as ConnectionLifecycleError {
                throw CentralError.connectionChangeRefused(organisationID: organisationID, rule: error.message)
            }
            var change = MemberStateChange(state: next, reason: reason, time: now)
            if step == .cutOff { change.stateBeforeCutOff = member.state }
            if step == .suspend { change.stateBeforeSuspension = member.state }
            change.trial = memory.trial?.after(moving: member.state, to: next, at: now)
            try await details?(member, connection, &change)
            try await members.apply(change, to: organisationID, on: connection)
        }
        try await publisher.refresh()
        return try await existingMember(organisationID)
    }
}
