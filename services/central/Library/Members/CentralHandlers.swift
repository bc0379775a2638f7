import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `vdxp.central.v1.CentralService` handlers. Access is checked by `IdentityInterceptor` with
/// `CentralAccessRules`; handlers only narrow it (a member reads only itself), validate, run the change through
/// Central's stores in one audited transaction, re-sign the configuration and answer from what they wrote.
struct CentralHandlers: Vdxp_Central_V1_CentralService.SimpleServiceProtocol {
    let context: CentralContext
    let broadcaster: Broadcaster<Vdxp_Central_V1_SignedGlobalConfiguration>
    let store: GlobalConfigurationStore

    var stores: CentralStores { context.stores }
    var members: MemberStore { context.stores.members }
    var publisher: ConfigurationPublisher { context.publisher }
    var clock: WallClock { context.clock }
    var realTime: WallClock { context.realTime }
    var calendar: BusinessCalendar { context.calendar }
    var logger: Logger { context.logger }
    /// Fetches revocation lists from the authorities' URLs (`SetRevocationListUrl` tries a new URL at once).
    var revocationLists: RevocationListRefresher { RevocationListRefresher(context: context) }

    // MARK: Members

    func createMember(
        request: Vdxp_Central_V1_CreateMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let id = try Validate.organisationID(request.member.organisationID, field: "member.organisation_id")
        let name = try Validate.text(request.member.displayName, field: "member.display_name", maximum: 255)
        guard request.member.hasConnectionRequest else {
            throw CentralError.invalidField(
                field: "member.connection_request",
                message: "member.connection_request is required: the purpose, scope and declared conformity of the "
                    + "member's application to connect (Art. 8.1)")
        }
        let application = request.member.connectionRequest
        let purpose = try Validate.text(application.purpose, field: "member.connection_request.purpose", maximum: 1000)
        let scope = try Validate.text(application.scope, field: "member.connection_request.scope", maximum: 1000)
        let statement = try Validate.text(
            application.conformityStatement, field: "member.connection_request.conformity_statement", maximum: 1000)
        guard application.declaresConformity else { throw CentralError.conformityNotDeclared }
        let contact = try Self.validContact(request.member.hasContact ? request.member.contact : nil)
        let member = Vdxp_Central_V1_Member.with {
            $0.organisationID = id.rawValue
            $0.displayName = name
            $0.kind = id.kind.proto
            $0.state = .requested
            $0.connectionRequest = .with {
                $0.purpose = purpose
                $0.scope = scope
                $0.declaresConformity = true
                $0.conformityStatement = statement
            }
            $0.contact = contact
        }
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "create_member", target: id.rawValue,
            reason: purpose)
        try await stores.transactions.publishing(entry) { connection in
            try await stores.units.lockOrganisationIDs(on: connection)
            if let unit = try await stores.units.unit(id.rawValue, on: connection) {
                throw CentralError.unitIdTaken(organisationID: id.rawValue, parent: unit.parentOrganisationID)
            }
            try await members.insert(member, on: connection)
        }
        try await publisher.refresh()
        return try await existingMember(id.rawValue)
    }

    func getMember(
        request: Vdxp_Central_V1_GetMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let caller = try RequestContext.caller()
        if let own = caller.organisationID, own != request.organisationID {
            throw CentralError.notOwnRecord(callerOrganisationID: own)
        }
        return try await existingMember(request.organisationID)
    }

    /// The most members one `ListMembers` page holds: each carries its certificates (some 4–6 KB a member with
    /// RSA-2048 certificates), and a page must stay well under the 4 MiB a gRPC client receives by default.
    static let maximumMembersPerPage = 200

    func listMembers(
        request: Vdxp_Central_V1_ListMembersRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListMembersResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: Self.maximumMembersPerPage)
        let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: "central.members") ?? ""
        let page = try await members.members(after: after, limit: pageSize + 1, today: CalendarDate(clock.now()))
        return try .with {
            $0.members = Array(page.prefix(pageSize))
            if page.count > pageSize, let last = $0.members.last {
                $0.nextPageToken = try PageToken(last.organisationID).encoded(scope: "central.members")
            }
        }
    }

    /// Member `organisationID` as stored now, or NOT_FOUND.
    func existingMember(_ organisationID: String) async throws -> Vdxp_Central_V1_Member {
        guard let member = try await members.member(organisationID, today: CalendarDate(clock.now())) else {
            throw CentralError.memberNotFound(organisationID: organisationID)
        }
        return member
    }

    /// Validated contact details (empty when none).
    static func validContact(_ contact: Vdxp_Central_V1_Contact?) throws(CentralError) -> Vdxp_Central_V1_Contact {
        guard let contact else { return Vdxp_Central_V1_Contact() }
        let email = contact.email.trimmingCharacters(in: .whitespaces)
        let phone = contact.phone.trimmingCharacters(in: .whitespaces)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if !email.isEmpty,
            email.codePointCount > 254 || parts.count != 2 || parts.contains(where: \.isEmpty)
                || email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
        {
            throw .invalidField(
                field: "contact.email",
                message: "contact.email must be one e-mail address (name@domain, no spaces) of at most 254 characters")
        }
        if !email.unicodeScalars.allSatisfy(\.isASCII) {
            throw .invalidField(
                field: "contact.email",
                message: "contact.email must be written in ASCII, the only form the platform's mail relay takes: "
                    + "write a domain with Vietnamese letters in its ASCII form (xn--…)")
        }
        if phone.hasPrefix("+"), phone.dropFirst().drop(while: { $0 == " " }).hasPrefix("0") {
            throw .invalidField(
                field: "contact.phone",
                message: "contact.phone: after \"+\" comes the country code, and none starts with 0; write "
                    + "+84 24 3825 3536, or 024 3825 3536 as dialled in Vietnam")
        }
        // A number an SMS gateway can reach: 8 to 15 digits (E.164), spaced as people write it, a "+" only first.
        let digits = phone.filter { $0.isASCII && $0.isNumber }.count
        if !phone.isEmpty,
            phone.codePointCount > 20 || !(8...15).contains(digits)
                || !phone.dropFirst(phone.hasPrefix("+") ? 1 : 0).allSatisfy({
                    ($0.isASCII && $0.isNumber) || $0 == " "
                })
        {
            throw .invalidField(
                field: "contact.phone",
                message: "contact.phone must be a telephone number of 8 to 15 digits, spaced as you like and with "
                    + "\"+\" only first, at most 20 characters (e.g. +84 24 3825 3536)")
        }
        var valid = contact
        valid.email = email
        valid.phone = phone
        return valid
    }
}

extension String {
    var quotedForMessage: String { "'\(self)'" }
}
