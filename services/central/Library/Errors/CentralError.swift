import Foundation
import VDXPCore

/// What went wrong in a call to Central, in words an integrator can act on: which field broke which rule, which
/// record does not exist, which state forbids the step and what to do instead. Handlers and stores throw these; one
/// conformance (`CentralError+RPC.swift`) says each case's status code, and ``description`` is the message sent.
enum CentralError: Error, CustomStringConvertible {
    // MARK: The request itself (INVALID_ARGUMENT)

    /// `field` of the request breaks a rule; `message` names the field and the rule. Sent with a
    /// `google.rpc.BadRequest` detail naming the field.
    case invalidField(field: String, message: String)

    // MARK: Who may do it (PERMISSION_DENIED, UNAUTHENTICATED)

    /// A member asked for another member's record.
    case notOwnRecord(callerOrganisationID: String)
    /// A member tried to change another member's connection.
    case notOwnConnection(callerOrganisationID: String)
    /// A member filed a service change request for another member.
    case notOwnFiling(callerOrganisationID: String)
    /// A member listed another member's service change requests.
    case notOwnRequests(callerOrganisationID: String)
    /// A call that needs a signed-in person or the operator came without a token from a member.
    case signInRequired
    /// The notification outbox was read with a token instead of the operator's certificate.
    case outboxIsForTheOperator
    /// The actor may not `action` an account of `organisationID` (`allowSelf`: the account itself could).
    case notAccountAdministrator(action: String, organisationID: String, allowSelf: Bool, actor: String)
    /// A change a member makes about itself (connection, gateway, contact, service filing) came from an account
    /// that is not a MEMBER_ADMIN (``MemberChangeActor``).
    case notMemberAdministrator(actor: String)
    /// The actor may not read accounts of `organisationID`.
    case notAccountReader(organisationID: String, actor: String)
    /// The actor may not list accounts of `organisationID`.
    case notAccountLister(organisationID: String, actor: String)
    /// Wrong username or password (the same answer for both).
    case wrongCredentials
    /// The current password given to change one's own password is wrong.
    case wrongCurrentPassword
    /// The bearer token names an account that no longer exists.
    case tokenAccountGone
    /// The bearer token's account is locked.
    case tokenAccountLocked(username: String, reason: String, organisationID: String)
    /// The bearer token was issued before the account's password changed.
    case tokenPredatesPasswordChange(username: String)
    /// Too many failed sign-ins: sign-ins are refused until `until` (RESOURCE_EXHAUSTED).
    case signInsThrottled(username: String, until: Date, organisationID: String)
    /// A member made the most changes to its own connection allowed in 24 hours
    /// (``CentralHandlers/maximumSelfServiceChangesPerDay``).
    case selfServiceChangesExhausted(organisationID: String, maximum: Int)
    /// Every password thread is busy and the queue in front of them is full (``PasswordWorkers``): UNAVAILABLE, to be
    /// retried a moment later.
    case passwordChecksBusy(running: Int, waiting: Int)
    /// The caller's organisation already has its share of password checks in progress on this replica.
    case passwordChecksBusyForCaller(share: Int)

    // MARK: Records that do not exist (NOT_FOUND)

    /// No member `organisationID` is registered.
    case memberNotFound(organisationID: String)
    /// An account was to be created for a member that is not registered.
    case accountMemberNotFound(organisationID: String)
    /// The operator filed a service change request for a member that is not registered.
    case filingMemberNotFound(organisationID: String)
    /// The member has no certificate `fingerprint`.
    case certificateNotFound(organisationID: String, fingerprint: String)
    /// No authority `fingerprint` is on the trust list.
    case authorityNotFound(fingerprint: String)
    /// Authority `fingerprint` is retired at `retireTime` already (past, or scheduled earlier than asked).
    case authorityAlreadyRetired(fingerprint: String, retireTime: Date)
    /// No account is named `name` (an id or a username, as the caller gave it).
    case accountNotFound(name: String)
    /// There is no service change request `requestID` (or, for a member, none of its own).
    case requestNotFound(requestID: Int64)
    /// `member` offers no service `serviceID` (the same answer whether it exists for another member or not).
    case serviceNotOffered(serviceID: Int64, member: String)
    /// There is no service `serviceID` the caller may see.
    case serviceNotFound(serviceID: Int64)
    /// No unit `organisationID` is registered under any member.
    case unitNotFound(organisationID: String)

    // MARK: Records that exist already (ALREADY_EXISTS)

    /// Member `organisationID` is registered already.
    case memberAlreadyRegistered(organisationID: String)
    /// Certificate `fingerprint` is registered to a member already.
    case certificateAlreadyRegistered(fingerprint: String)
    /// Authority `fingerprint` is on the trust list already.
    case authorityAlreadyTrusted(fingerprint: String)
    /// The username is taken.
    case usernameTaken(username: String)
    /// `member` already offers an active service with `code`.
    case serviceCodeInUse(member: String, code: String, serviceID: Int64)
    /// Approving `requestID` would give `member` two active services with one code.
    case approvedCodeInUse(member: String, requestID: Int64)
    /// `organisationID` is a member of its own (`parent` nil) or a unit registered under `parent` already.
    case unitIdTaken(organisationID: String, parent: String?)

    // MARK: States that forbid the step (FAILED_PRECONDITION)

    /// A connection request without the owner's declaration of conformity (Art. 8.1).
    case conformityNotDeclared
    /// The certificate does not chain to an authority on the trust list; `reason` says why.
    case certificateNotTrusted(reason: String)
    /// The CA certificate to trust is outside its validity period.
    case authorityNotValidNow(notBefore: Date, notAfter: Date)
    /// The member is closed; `successor` took over its id.
    case memberClosed(organisationID: String, successor: String)
    /// The member's connection state forbids the change (Art. 8–9); `rule` says what must happen first.
    case connectionChangeRefused(organisationID: String, rule: String)
    /// A gateway change announced fewer than `workingDays` working days ahead (Art. 17.2).
    case endpointChangeTooSoon(effective: CalendarDate, today: CalendarDate, earliest: CalendarDate, workingDays: Int)
    /// A trial connection cannot start without a connection certificate.
    case noConnectionCertificate(organisationID: String)
    /// A trial connection cannot start while the member's record lacks the contact `fields` (`contact.email`,
    /// `contact.phone`) that Monitoring's alerts go to (Art. 19.2).
    case missingContact(organisationID: String, fields: [String])
    /// The successor named for a closed id is not registered.
    case successorNotRegistered(successor: String)
    /// The successor named for a closed id is closed itself.
    case successorClosed(successor: String, itsSuccessor: String)
    /// Removing MEMBER_ADMIN from the last active one of a member.
    case lastMemberAdministrator(username: String, organisationID: String)
    /// The account is locked (since `since`, of `kind`, for `reason`).
    case accountLocked(username: String, since: Date?, kind: String, reason: String, organisationID: String)
    /// The service was cancelled.
    case serviceCancelled(serviceID: Int64)
    /// A request for the same service is pending.
    case requestPending(requestID: Int64, code: String, member: String)
    /// A member has the most service change requests allowed PENDING.
    case tooManyPendingRequests(member: String, maximum: Int)
    /// Another request for the same service was filed at the same moment.
    case concurrentRequest(member: String)
    /// The request was decided already.
    case requestAlreadyDecided(requestID: Int64, state: String, decidedBy: String, decideTime: Date?)
    /// The service changed since the request was filed and is no longer active.
    case serviceNoLongerActive(serviceID: Int64, requestID: Int64)
    /// The certificate was issued by an authority of another category than the member's kind requires (Art. 6.5).
    case certificateWrongCategory(
        organisationID: String, kind: String, required: String, authority: String, category: String)
    /// No trusted authority issued and signed the uploaded CRL.
    case revocationListNotTrusted(issuer: String, reason: String?)
    /// The member cannot carry represented units: `reason` says why (closed, not a state agency).
    case unitParentUnsuitable(parent: String, reason: String)
    /// A connection certificate was to be registered to a represented unit, whose connection is its parent's.
    case unitConnectionCertificate(organisationID: String, parent: String)
    /// The uploaded CRL is older than the one held for its authority.
    case revocationListOutdated(
        authority: String, number: Int64, thisUpdate: Date, heldNumber: Int64, heldThisUpdate: Date)

    // MARK: Central's own faults (INTERNAL)

    /// `written` was committed but cannot be read back.
    case unreadableAfterWrite(written: String)

    /// The message sent to the client.
    var description: String {
        switch self {
        case .invalidField(_, let message):
            message
        case .notOwnRecord(let own):
            "a member may read only its own record (\(own))"
        case .notOwnConnection(let own):
            "a member may change only its own connection (\(own))"
        case .notOwnFiling(let own):
            "organisation_id: a member files requests only for itself (\(own)); leave it empty"
        case .notOwnRequests(let own):
            "organisation_id: a member may list only its own requests (\(own)); leave it empty"
        case .signInRequired:
            "sign in first: send `authorization: Bearer <token>` with the token from AccountService.Login"
        case .outboxIsForTheOperator:
            "the notification outbox is for the operator: call with an operator certificate and no token"
        case .notAccountAdministrator(let action, let organisationID, let allowSelf, let actor):
            "to \(action) an account of \(organisationID) you must be the operator or a MEMBER_ADMIN of "
                + "\(organisationID)" + (allowSelf ? ", or the account itself" : "") + "; you are \(actor)"
        case .notMemberAdministrator(let actor):
            "a member's own connection, gateway, contact and service filings are changed by its MEMBER_ADMIN "
                + "accounts, its system (connection certificate, no token) or the operator; you are \(actor): sign in "
                + "as a MEMBER_ADMIN, or ask one"
        case .notAccountReader(let organisationID, let actor):
            "accounts of \(organisationID) are visible to its MEMBER_ADMIN and AUDITOR accounts and the operator; "
                + "you are \(actor)"
        case .notAccountLister(let organisationID, let actor):
            "listing accounts of \(organisationID) needs a MEMBER_ADMIN or AUDITOR account of \(organisationID), or "
                + "the operator; you are \(actor)"
        case .wrongCredentials:
            "wrong username or password: check both and try again (after 5 failures in a row the account refuses "
                + "sign-ins for a while)"
        case .wrongCurrentPassword:
            "current_password is wrong"
        case .tokenAccountGone:
            "the token's account no longer exists: sign in again"
        case .tokenAccountLocked(let username, let reason, let organisationID):
            "account \(username) is locked (\(reason)): its tokens are refused; ask an administrator of "
                + "\(organisationID) or the operator to unlock it"
        case .tokenPredatesPasswordChange(let username):
            "the password of \(username) changed after this token was issued: sign in again"
        case .signInsThrottled(let username, let until, let organisationID):
            "too many failed sign-ins for \(username): sign-ins are refused until \(AccountNotices.time(until)); try "
                + "again then, or ask an administrator of \(organisationID) to reset the password"
        case .selfServiceChangesExhausted(let organisationID, let maximum):
            "\(organisationID) made \(maximum) changes to its own connection (suspension, resumption, endpoint, "
                + "contact) in the last 24 hours, the most allowed: nothing was done; try again tomorrow, or ask the "
                + "operator to make the change"
        case .passwordChecksBusy(let running, let waiting):
            "Central is checking \(running) passwords and has \(waiting) more waiting; nothing was done: retry in a "
                + "moment"
        case .passwordChecksBusyForCaller(let share):
            "your organisation has \(share) password checks in progress on this server (sign-ins, password "
                + "changes, new accounts); nothing was done: wait for them to finish, then retry"
        case .memberNotFound(let organisationID):
            "no member \(organisationID.quotedForMessage) is registered"
        case .accountMemberNotFound(let organisationID):
            "no member \(organisationID) is registered: register it first (CentralService.CreateMember)"
        case .filingMemberNotFound(let organisationID):
            "organisation_id: no member \(organisationID.echoed) is registered"
        case .certificateNotFound(let organisationID, let fingerprint):
            "member \(organisationID) has no certificate \(fingerprint)"
        case .authorityNotFound(let fingerprint):
            "no authority \(fingerprint) is on the trust list"
        case .authorityAlreadyRetired(let fingerprint, let retireTime):
            "authority \(fingerprint) is retired at \(EdXMLDate.iso8601VietnamTime(retireTime)) already: a retirement is final and can only be "
                + "brought forward, never undone or put off (to trust the authority again, add it anew)"
        case .accountNotFound(let name):
            "no account \(name) exists"
        case .requestNotFound(let requestID):
            "request_id: there is no service change request \(requestID)"
        case .serviceNotOffered(let serviceID, let member):
            "service_id: member \(member) offers no service \(serviceID)"
        case .serviceNotFound(let serviceID):
            "service_id: there is no service \(serviceID)"
        case .unitNotFound(let organisationID):
            "no unit \(organisationID.quotedForMessage) is registered under a member (ListRepresentedUnits lists them)"
        case .memberAlreadyRegistered(let organisationID):
            "member \(organisationID) is already registered"
        case .unitIdTaken(let organisationID, let parent?):
            "\(organisationID) is already registered as a unit of member \(parent); remove it there first "
                + "(RemoveRepresentedUnit) to move it"
        case .unitIdTaken(let organisationID, nil):
            "\(organisationID) is a member with its own connection; a member cannot also be a unit sending through "
                + "another's connection"
        case .certificateAlreadyRegistered(let fingerprint):
            "certificate \(fingerprint) is already registered to a member"
        case .authorityAlreadyTrusted(let fingerprint):
            "authority \(fingerprint) is already on the trust list"
        case .usernameTaken(let username):
            "username \(username) is taken: choose another one"
        case .serviceCodeInUse(let member, let code, let serviceID):
            "definition.code: member \(member) already offers service \(code.echoed) (service_id \(serviceID)); "
                + "request an UPDATE of it instead"
        case .approvedCodeInUse(let member, let requestID):
            "member \(member) already offers an active service with the code of request \(requestID); reject the "
                + "request"
        case .conformityNotDeclared:
            "member.connection_request.declares_conformity must be true: a system connects only once its owner "
                + "declares it conforms to the technical requirements (Art. 8.1)"
        case .certificateNotTrusted(let reason):
            "certificate_der cannot be registered: \(reason) (the issuing CA must be on the trust list)"
        case .authorityNotValidNow(let notBefore, let notAfter):
            "certificate_der is not valid now (valid \(notBefore) to \(notAfter))"
        case .certificateWrongCategory(let organisationID, let kind, let required, let authority, let category):
            "certificate_der cannot be registered to \(organisationID): a \(kind) uses certificates of a \(required) "
                + "(Art. 6.5), but '\(authority)' is a \(category); obtain the certificate from a \(required) on "
                + "the trust list"
        case .revocationListNotTrusted(let issuer, let reason):
            "crl_der was issued by '\(issuer)', which is not a trusted authority that signed it"
                + (reason.map { " (\($0))" } ?? "")
                + ": upload a CRL of an authority on the trust list (ListTrustedAuthorities), exactly as it publishes it"
        case .revocationListOutdated(let authority, let number, let thisUpdate, let heldNumber, let heldThisUpdate):
            "crl_der (number \(number), issued \(thisUpdate)) is older than the revocation list held for authority "
                + "\(authority) (number \(heldNumber), issued \(heldThisUpdate)): upload the authority's latest CRL"
        case .memberClosed(let organisationID, let successor):
            "member \(organisationID) is closed; its successor is \(successor)"
        case .unitParentUnsuitable(let parent, let reason):
            "member \(parent) cannot carry units: \(reason)"
        case .unitConnectionCertificate(let organisationID, let parent):
            "\(organisationID) is a unit sending through the connection of member \(parent): it takes only its own "
                + "seal (usage SIGNING); connection certificates belong to \(parent)"
        case .connectionChangeRefused(let organisationID, let rule):
            "member \(organisationID): \(rule)"
        case .endpointChangeTooSoon(let effective, let today, let earliest, let workingDays):
            "endpoint.effective_date \(effective) is too soon: a gateway change is announced at least \(workingDays) "
                + "working days ahead (Art. 17.2; weekends and public holidays do not count), so the earliest day "
                + "announced today (\(today)) is \(earliest)"
        case .noConnectionCertificate(let organisationID):
            "member \(organisationID) has no connection certificate: register one (AddMemberCertificate, usage "
                + "CONNECTION) before its trial connection starts"
        case .missingContact(let organisationID, let fields):
            "member \(organisationID) has no \(fields.joined(separator: " and ")) in its record: Monitoring tells a "
                + "member by e-mail and SMS when its connection is lost (Art. 9.2, 19.2), so its trial cannot start "
                + "without both contact.email and contact.phone; record the member's contact (member.contact) first"
        case .successorNotRegistered(let successor):
            "successor_organisation_id \(successor) is not a registered member: register it first"
        case .successorClosed(let successor, let itsSuccessor):
            "successor_organisation_id \(successor) is closed itself; name its successor \(itsSuccessor) instead"
        case .lastMemberAdministrator(let username, let organisationID):
            "\(username) is the last active MEMBER_ADMIN of \(organisationID): grant MEMBER_ADMIN to another account "
                + "first, or ask the operator"
        case .accountLocked(let username, let since, let kind, let reason, let organisationID):
            "account \(username) is locked\(since.map { " since \(AccountNotices.time($0))" } ?? "") (\(kind): "
                + "\(reason)): ask an administrator of \(organisationID) or the operator to unlock it (UnlockAccount)"
        case .serviceCancelled(let serviceID):
            "service_id: service \(serviceID) was cancelled; it can be neither updated nor cancelled"
        case .requestPending(let requestID, let code, let member):
            "request \(requestID) for service \(code.echoed) of member \(member) is still pending: wait for the "
                + "operator's decision before filing another"
        case .tooManyPendingRequests(let member, let maximum):
            "member \(member) has \(maximum) service change requests pending, the most allowed: wait for the "
                + "operator's decisions before filing another"
        case .concurrentRequest(let member):
            "another request for this service of member \(member) was filed at the same moment and is pending: list "
                + "the member's PENDING requests"
        case .requestAlreadyDecided(let requestID, let state, let decidedBy, let decideTime):
            "request \(requestID) was already \(state) by \(decidedBy)"
                + (decideTime.map { " at \($0.ISO8601Format())" } ?? "") + "; only PENDING requests can be decided"
        case .serviceNoLongerActive(let serviceID, let requestID):
            "service \(serviceID) is no longer active, so request \(requestID) cannot be applied; reject it"
        case .unreadableAfterWrite(let written):
            "\(written) but cannot be read back"
        }
    }
}
