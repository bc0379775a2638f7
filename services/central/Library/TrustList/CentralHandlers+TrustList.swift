import Foundation
import GRPCCore
import SwiftASN1
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// The trust list: the CAs whose certificates members may register, each with its category (Art. 6.5), added and
/// retired by the operator.
extension CentralHandlers {
    func addTrustedAuthority(
        request: Vdxp_Central_V1_AddTrustedAuthorityRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_TrustedAuthority {
        let certificate = try Validate.certificate(request.certificateDer, field: "certificate_der")
        let name = try Validate.text(request.displayName, field: "display_name", maximum: 255)
        guard request.category == .government || request.category == .public else {
            throw CentralError.invalidField(
                field: "category",
                message: "category: choose AUTHORITY_CATEGORY_GOVERNMENT (Ban Cơ yếu Chính phủ's specialised CA) or "
                    + "AUTHORITY_CATEGORY_PUBLIC (a licensed public CA), Art. 6.5")
        }
        guard let constraints = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = constraints
        else {
            throw CentralError.invalidField(
                field: "certificate_der",
                message: "certificate_der is not a CA certificate (basicConstraints cA is not true)")
        }
        let now = realTime.now()
        guard certificate.notValidBefore <= now, now < certificate.notValidAfter else {
            throw CentralError.authorityNotValidNow(
                notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter)
        }
        let authority = Vdxp_Central_V1_TrustedAuthority.with {
            $0.fingerprintSha256 = CertificateFingerprint.sha256(of: certificate)
            $0.certificateDer = request.certificateDer
            $0.subject = certificate.subject.description
            $0.displayName = name
            $0.notBefore = .init(date: certificate.notValidBefore)
            $0.notAfter = .init(date: certificate.notValidAfter)
            $0.category = request.category
        }
        let fingerprint = authority.fingerprintSha256
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "add_trusted_authority", target: fingerprint)
        try await stores.transactions.publishing(entry) { connection in
            try await stores.authorities.insert(authority, at: clock.now(), on: connection)
        }
        try await publisher.refresh()
        guard let added = try await stores.authorities.authority(fingerprint) else {
            throw CentralError.unreadableAfterWrite(written: "the authority was added")
        }
        return added
    }

    func listTrustedAuthorities(
        request: Vdxp_Central_V1_ListTrustedAuthoritiesRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListTrustedAuthoritiesResponse {
        let authorities = try await stores.authorities.all()
        return .with { $0.trustedAuthorities = authorities }
    }

    func retireTrustedAuthority(
        request: Vdxp_Central_V1_RetireTrustedAuthorityRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_TrustedAuthority {
        let fingerprint = request.fingerprintSha256.lowercased()
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        let now = clock.now()
        let retireTime = request.hasRetireTime ? request.retireTime.date : now
        guard retireTime >= now.addingTimeInterval(-60) else {
            throw CentralError.invalidField(
                field: "retire_time", message: "retire_time \(retireTime) is in the past; leave it unset for now")
        }
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "retire_trusted_authority", target: fingerprint,
            reason: reason)
        try await stores.transactions.publishing(entry) { connection in
            // Refused inside the transaction, so that neither the audit entry nor a new version is written.
            switch try await stores.authorities.retire(
                fingerprint, at: retireTime, reason: reason, now: now, on: connection)
            {
            case .retired: return
            case .notFound: throw CentralError.authorityNotFound(fingerprint: fingerprint)
            case .alreadyRetired(let time):
                throw CentralError.authorityAlreadyRetired(fingerprint: fingerprint, retireTime: time)
            }
        }
        try await publisher.refresh()
        guard let authority = try await stores.authorities.authority(fingerprint) else {
            throw CentralError.unreadableAfterWrite(written: "the authority was retired")
        }
        return authority
    }
}
