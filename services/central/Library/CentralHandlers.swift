import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftASN1
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// The `vdxp.central.v1.CentralService` handlers. Access is checked by `IdentityInterceptor` with
/// `CentralAccessRules`; handlers only narrow it (a member reads only itself).
struct CentralHandlers: Vdxp_Central_V1_CentralService.SimpleServiceProtocol {
    let repository: CentralRepository
    let publisher: ConfigurationPublisher
    let broadcaster: ConfigurationBroadcaster
    let store: GlobalConfigurationStore
    let clock: WallClock
    let calendar: BusinessCalendar
    let logger: Logger

    // MARK: Members

    func createMember(
        request: Vdxp_Central_V1_CreateMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let id = try Validate.organisationID(request.member.organisationID, field: "member.organisation_id")
        let name = try Validate.text(request.member.displayName, field: "member.display_name", maximum: 255)
        guard request.member.hasConnectionRequest else {
            throw RPCError(
                code: .invalidArgument,
                message: "member.connection_request is required: the purpose, scope and declared conformity of the "
                    + "member's application to connect (Art. 8.1)")
        }
        let application = request.member.connectionRequest
        let purpose = try Validate.text(application.purpose, field: "member.connection_request.purpose", maximum: 1000)
        let scope = try Validate.text(application.scope, field: "member.connection_request.scope", maximum: 1000)
        let statement = try Validate.text(
            application.conformityStatement, field: "member.connection_request.conformity_statement", maximum: 1000)
        guard application.declaresConformity else {
            throw RPCError(
                code: .failedPrecondition,
                message: "member.connection_request.declares_conformity must be true: a system connects only once its "
                    + "owner declares it conforms to the technical requirements (Art. 8.1)")
        }
        let contact = try Self.validContact(request.member.hasContact ? request.member.contact : nil)
        let actor = try RequestContext.caller().description
        do {
            try await repository.mutate(actor: actor, action: "create_member", target: id.rawValue, reason: purpose) {
                connection in
                try await connection.query(
                    """
                    INSERT INTO central.members
                        (organisation_id, display_name, kind, state, purpose, scope, declares_conformity,
                         conformity_statement, contact_email, contact_phone)
                    VALUES (\(id.rawValue), \(name), \(id.kind.proto.rawValue),
                            \(Vdxp_Central_V1_MemberState.requested.rawValue), \(purpose), \(scope), true, \(statement),
                            \(contact.email), \(contact.phone))
                    """, logger: logger)
            }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw RPCError(code: .alreadyExists, message: "member \(id.rawValue) is already registered")
        }
        try await publisher.refresh()
        return try await existingMember(id.rawValue)
    }

    func getMember(
        request: Vdxp_Central_V1_GetMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let caller = try RequestContext.caller()
        if let own = caller.organisationID, own != request.organisationID {
            throw RPCError(code: .permissionDenied, message: "a member may read only its own record (\(own))")
        }
        return try await existingMember(request.organisationID)
    }

    func listMembers(
        request: Vdxp_Central_V1_ListMembersRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListMembersResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: "central.members") ?? ""
        let members = try await repository.members(after: after, limit: pageSize + 1, today: CalendarDate(clock.now()))
        return try .with {
            $0.members = Array(members.prefix(pageSize))
            if members.count > pageSize, let last = $0.members.last {
                $0.nextPageToken = try PageToken(last.organisationID).encoded(scope: "central.members")
            }
        }
    }

    func existingMember(_ organisationID: String) async throws -> Vdxp_Central_V1_Member {
        guard let member = try await repository.member(organisationID, today: CalendarDate(clock.now())) else {
            throw Self.memberNotFound(organisationID)
        }
        return member
    }

    static func memberNotFound(_ organisationID: String) -> RPCError {
        RPCError(code: .notFound, message: "no member \(organisationID.quotedForMessage) is registered")
    }

    // MARK: Certificates

    func addMemberCertificate(
        request: Vdxp_Central_V1_AddMemberCertificateRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_MemberCertificate {
        let certificate = try Validate.certificate(request.certificateDer, field: "certificate_der")
        let purpose: CertificatePurpose
        switch request.usage {
        case .connection: purpose = .clientAuthentication
        case .signing: purpose = .documentSigning
        default:
            throw RPCError(
                code: .invalidArgument,
                message: "usage: choose CERTIFICATE_USAGE_CONNECTION or CERTIFICATE_USAGE_SIGNING")
        }
        let roots = try await repository.trustedAuthorities().map {
            try Certificate(derEncoded: Array($0.certificateDer))
        }
        let validation = await CertificateChainValidator(trustedRoots: roots).validate(
            leafFirst: [certificate], at: Date(), purpose: purpose)
        if let error = validation.error {
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "certificate_der cannot be registered: \(error.message) (the issuing CA must be on the trust list)")
        }
        let fingerprint = CertificateFingerprint.sha256(of: certificate)
        let actor = try RequestContext.caller().description
        let organisationID = request.organisationID
        do {
            try await repository.mutate(
                actor: actor, action: "add_member_certificate", target: "\(organisationID)/\(fingerprint)"
            ) { connection in
                guard try await repository.member(organisationID, on: connection) != nil else {
                    throw Self.memberNotFound(organisationID)
                }
                try await connection.query(
                    """
                    INSERT INTO central.member_certificates
                        (fingerprint, organisation_id, usage, certificate_der, subject, not_before, not_after)
                    VALUES (\(fingerprint), \(organisationID), \(request.usage.rawValue), \(request.certificateDer),
                            \(certificate.subject.description), \(certificate.notValidBefore), \(certificate.notValidAfter))
                    """, logger: logger)
            }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw RPCError(
                code: .alreadyExists, message: "certificate \(fingerprint) is already registered to a member")
        }
        try await publisher.refresh()
        guard
            let added = try await repository.certificates(of: organisationID, includeDER: true)
                .first(where: { $0.fingerprintSha256 == fingerprint })
        else { throw RPCError(code: .internalError, message: "the certificate was registered but cannot be read back") }
        return added
    }

    func removeMemberCertificate(
        request: Vdxp_Central_V1_RemoveMemberCertificateRequest, context: ServerContext
    ) async throws -> Google_Protobuf_Empty {
        let fingerprint = request.fingerprintSha256.lowercased()
        let actor = try RequestContext.caller().description
        let removed = try await repository.mutate(
            actor: actor, action: "remove_member_certificate", target: "\(request.organisationID)/\(fingerprint)"
        ) { connection in
            try await connection.query(
                """
                DELETE FROM central.member_certificates
                WHERE organisation_id = \(request.organisationID) AND fingerprint = \(fingerprint) RETURNING fingerprint
                """, logger: logger
            ).collect().count
        }
        guard removed == 1 else {
            throw RPCError(
                code: .notFound, message: "member \(request.organisationID) has no certificate \(fingerprint)")
        }
        try await publisher.refresh()
        return Google_Protobuf_Empty()
    }

    // MARK: Trust list

    func addTrustedAuthority(
        request: Vdxp_Central_V1_AddTrustedAuthorityRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_TrustedAuthority {
        let certificate = try Validate.certificate(request.certificateDer, field: "certificate_der")
        let name = try Validate.text(request.displayName, field: "display_name", maximum: 255)
        guard let constraints = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = constraints
        else {
            throw RPCError(
                code: .invalidArgument,
                message: "certificate_der is not a CA certificate (basicConstraints cA is not true)")
        }
        let now = Date()
        guard certificate.notValidBefore <= now, now < certificate.notValidAfter else {
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "certificate_der is not valid now (valid \(certificate.notValidBefore) to \(certificate.notValidAfter))"
            )
        }
        let fingerprint = CertificateFingerprint.sha256(of: certificate)
        let actor = try RequestContext.caller().description
        do {
            try await repository.mutate(actor: actor, action: "add_trusted_authority", target: fingerprint) {
                connection in
                try await connection.query(
                    """
                    INSERT INTO central.trusted_authorities
                        (fingerprint, certificate_der, subject, display_name, not_before, not_after)
                    VALUES (\(fingerprint), \(request.certificateDer), \(certificate.subject.description), \(name),
                            \(certificate.notValidBefore), \(certificate.notValidAfter))
                    """, logger: logger)
            }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw RPCError(code: .alreadyExists, message: "authority \(fingerprint) is already on the trust list")
        }
        try await publisher.refresh()
        guard
            let added = try await repository.trustedAuthorities().first(where: { $0.fingerprintSha256 == fingerprint })
        else { throw RPCError(code: .internalError, message: "the authority was added but cannot be read back") }
        return added
    }

    func listTrustedAuthorities(
        request: Vdxp_Central_V1_ListTrustedAuthoritiesRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListTrustedAuthoritiesResponse {
        let authorities = try await repository.trustedAuthorities()
        return .with { $0.trustedAuthorities = authorities }
    }

    // MARK: Global configuration

    func getGlobalConfiguration(
        request: Vdxp_Central_V1_GetGlobalConfigurationRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_SignedGlobalConfiguration {
        if let current = store.current() { return current.signed }
        return try await publisher.refresh()
    }

    func watchGlobalConfiguration(
        request: Vdxp_Central_V1_WatchGlobalConfigurationRequest,
        response: RPCWriter<Vdxp_Central_V1_SignedGlobalConfiguration>,
        context: ServerContext
    ) async throws {
        let updates = broadcaster.subscribe()
        let first = try await getGlobalConfiguration(request: .init(), context: context)
        try await response.write(first)
        for await signed in updates {
            if context.cancellation.isCancelled { return }
            try await response.write(signed)
        }
    }
}

extension String {
    var quotedForMessage: String { "'\(self)'" }
}
