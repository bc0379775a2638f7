import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509
import SwiftASN1

/// The `vdxp.central.v1.CentralService` handlers. Access is checked by `IdentityInterceptor` with
/// `CentralAccessRules`; handlers only narrow it (a member reads only itself).
struct CentralHandlers: Vdxp_Central_V1_CentralService.SimpleServiceProtocol {
    let repository: CentralRepository
    let publisher: ConfigurationPublisher
    let broadcaster: ConfigurationBroadcaster
    let store: GlobalConfigurationStore
    let logger: Logger

    // MARK: Members

    func createMember(
        request: Vdxp_Central_V1_CreateMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let id = try Validate.organisationID(request.member.organisationID, field: "member.organisation_id")
        let name = try Validate.text(request.member.displayName, field: "member.display_name", maximum: 255)
        let actor = try RequestContext.caller().description
        do {
            try await repository.mutate(actor: actor, action: "create_member", target: id.rawValue) { connection in
                try await connection.query(
                    """
                    INSERT INTO central.members (organisation_id, display_name, kind, state)
                    VALUES (\(id.rawValue), \(name), \(id.kind.proto.rawValue), \(Vdxp_Central_V1_MemberState.active.rawValue))
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
        let members = try await repository.members(after: after, limit: pageSize + 1)
        return try .with {
            $0.members = Array(members.prefix(pageSize))
            if members.count > pageSize, let last = $0.members.last {
                $0.nextPageToken = try PageToken(last.organisationID).encoded(scope: "central.members")
            }
        }
    }

    func disableMember(
        request: Vdxp_Central_V1_DisableMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        try await setState(.disabled, of: request.organisationID, reason: request.reason, action: "disable_member")
    }

    func enableMember(
        request: Vdxp_Central_V1_EnableMemberRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        try await setState(.active, of: request.organisationID, reason: request.reason, action: "enable_member")
    }

    private func setState(
        _ state: Vdxp_Central_V1_MemberState, of organisationID: String, reason: String, action: String
    ) async throws -> Vdxp_Central_V1_Member {
        let reason = try Validate.text(reason, field: "reason", maximum: 1000)
        let actor = try RequestContext.caller().description
        let updated = try await repository.mutate(actor: actor, action: action, target: organisationID, reason: reason) {
            connection in
            let rows = try await connection.query(
                """
                UPDATE central.members SET state = \(state.rawValue), state_reason = \(reason), update_time = now()
                WHERE organisation_id = \(organisationID) RETURNING organisation_id
                """, logger: logger)
            return try await rows.collect().count
        }
        guard updated == 1 else { throw Self.memberNotFound(organisationID) }
        try await publisher.refresh()
        return try await existingMember(organisationID)
    }

    private func existingMember(_ organisationID: String) async throws -> Vdxp_Central_V1_Member {
        guard let member = try await repository.member(organisationID) else { throw Self.memberNotFound(organisationID) }
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
            throw RPCError(code: .invalidArgument, message: "usage: choose CERTIFICATE_USAGE_CONNECTION or CERTIFICATE_USAGE_SIGNING")
        }
        let roots = try await repository.trustedAuthorities().map { try Certificate(derEncoded: Array($0.certificateDer)) }
        let validation = await CertificateChainValidator(trustedRoots: roots).validate(
            leafFirst: [certificate], at: Date(), purpose: purpose)
        if let error = validation.error {
            throw RPCError(
                code: .failedPrecondition,
                message: "certificate_der cannot be registered: \(error.message) (the issuing CA must be on the trust list)")
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
            throw RPCError(code: .alreadyExists, message: "certificate \(fingerprint) is already registered to a member")
        }
        try await publisher.refresh()
        guard let added = try await repository.certificates(of: organisationID, includeDER: true)
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
            throw RPCError(code: .invalidArgument, message: "certificate_der is not a CA certificate (basicConstraints cA is not true)")
        }
        let now = Date()
        guard certificate.notValidBefore <= now, now < certificate.notValidAfter else {
            throw RPCError(code: .failedPrecondition, message: "certificate_der is not valid now (valid \(certificate.notValidBefore) to \(certificate.notValidAfter))")
        }
        let fingerprint = CertificateFingerprint.sha256(of: certificate)
        let actor = try RequestContext.caller().description
        do {
            try await repository.mutate(actor: actor, action: "add_trusted_authority", target: fingerprint) { connection in
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
        guard let added = try await repository.trustedAuthorities().first(where: { $0.fingerprintSha256 == fingerprint })
        else { throw RPCError(code: .internalError, message: "the authority was added but cannot be read back") }
        return added
    }

    func listTrustedAuthorities(
        request: Vdxp_Central_V1_ListTrustedAuthoritiesRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListTrustedAuthoritiesResponse {
        let authorities = try await repository.trustedAuthorities()
        return .with { $0.trustedAuthorities = authorities }
    }

    func removeTrustedAuthority(
        request: Vdxp_Central_V1_RemoveTrustedAuthorityRequest, context: ServerContext
    ) async throws -> Google_Protobuf_Empty {
        let fingerprint = request.fingerprintSha256.lowercased()
        let actor = try RequestContext.caller().description
        let removed = try await repository.mutate(actor: actor, action: "remove_trusted_authority", target: fingerprint) {
            connection in
            try await connection.query(
                "DELETE FROM central.trusted_authorities WHERE fingerprint = \(fingerprint) RETURNING fingerprint",
                logger: logger
            ).collect().count
        }
        guard removed == 1 else {
            throw RPCError(code: .notFound, message: "no authority \(fingerprint) is on the trust list")
        }
        try await publisher.refresh()
        return Google_Protobuf_Empty()
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
