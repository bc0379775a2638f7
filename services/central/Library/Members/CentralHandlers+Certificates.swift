import Foundation
import GRPCCore
import SwiftASN1
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// Members' certificates: registered only when issued by a CA on the trust list (Art. 7) of the category the member's
/// kind requires (Art. 6.5) and not revoked by it.
extension CentralHandlers {
    /// The category of authority whose certificates a member of `kind` uses (Art. 6.5): State and socio-political
    /// bodies — every QĐ 20/2020 dotted id, Art. 2.1 and 2.2 alike — the specialised government CA; enterprises and
    /// individuals a public CA. Art. 6.5 wins over Art. 7.2, which would send the Art. 2.2 bodies to public CAs.
    static func requiredCategory(for kind: OrganisationID.Kind) -> Vdxp_Central_V1_AuthorityCategory {
        kind == .stateAgency ? .government : .public
    }

    /// How a category is named in messages.
    static func describe(_ category: Vdxp_Central_V1_AuthorityCategory) -> String {
        switch category {
        case .government: "specialised government CA (AUTHORITY_CATEGORY_GOVERNMENT)"
        case .public: "public CA (AUTHORITY_CATEGORY_PUBLIC)"
        default: "CA of no category"
        }
    }

    func addMemberCertificate(
        request: Vdxp_Central_V1_AddMemberCertificateRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_MemberCertificate {
        let certificate = try Validate.certificate(request.certificateDer, field: "certificate_der")
        let purpose: CertificatePurpose
        switch request.usage {
        case .connection: purpose = .clientAuthentication
        case .signing: purpose = .documentSigning
        default:
            throw CentralError.invalidField(
                field: "usage", message: "usage: choose CERTIFICATE_USAGE_CONNECTION or CERTIFICATE_USAGE_SIGNING")
        }
        let organisationID = request.organisationID
        guard let kind = (try? OrganisationID(validating: organisationID))?.kind else {
            throw CentralError.memberNotFound(organisationID: organisationID)  // no registered member has such an id
        }
        // A retired authority no longer anchors trust (Art. 7.3), as in the global configuration.
        let now = clock.now()
        let authorities = try await stores.authorities.all().filter { !$0.hasRetireTime || $0.retireTime.date > now }
        let roots = try authorities.map { try Certificate(derEncoded: Array($0.certificateDer)) }
        var revoked: [String: Set<String>] = [:]
        for list in try await stores.authorities.revocationLists() {
            revoked[list.authorityFingerprintSha256] = Set(list.revokedSerialNumbers)
        }
        let validation = await CertificateChainValidator(trustedRoots: roots, revoked: RevokedCertificates(revoked))
            .validate(leafFirst: [certificate], at: realTime.now(), purpose: purpose)
        let chain: [Certificate]
        do {
            chain = try validation.get()
        } catch {
            throw CentralError.certificateNotTrusted(reason: error.message)
        }
        let rootFingerprint = CertificateFingerprint.sha256(of: chain[chain.count - 1])
        if let authority = authorities.first(where: { $0.fingerprintSha256 == rootFingerprint }) {
            let required = Self.requiredCategory(for: kind)
            guard authority.category == required else {
                throw CentralError.certificateWrongCategory(
                    organisationID: organisationID, kind: kind.description, required: Self.describe(required),
                    authority: authority.displayName, category: Self.describe(authority.category))
            }
        }
        let registered = MemberStore.NewCertificate(
            fingerprint: CertificateFingerprint.sha256(of: certificate), organisationID: organisationID,
            usage: request.usage, der: request.certificateDer, subject: certificate.subject.description,
            notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter)
        let fingerprint = registered.fingerprint
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "add_member_certificate",
            target: "\(organisationID)/\(fingerprint)")
        try await stores.transactions.publishing(entry) { connection in
            if try await members.exists(organisationID, on: connection) {
                // A closed id is final (CloseOrganisationId): its successor registers certificates of its own.
                try await members.requireOpen(organisationID, on: connection)
            } else {
                // A represented unit takes its own seal; its connection is its parent's (Art. 3.3).
                guard let unit = try await stores.units.unit(organisationID, on: connection) else {
                    throw CentralError.memberNotFound(organisationID: organisationID)
                }
                guard request.usage == .signing else {
                    throw CentralError.unitConnectionCertificate(
                        organisationID: organisationID, parent: unit.parentOrganisationID)
                }
            }
            try await members.insert(registered, on: connection)
        }
        try await publisher.refresh()
        guard
            let added = try await members.certificates(of: organisationID, includeDER: true)
                .first(where: { $0.fingerprintSha256 == fingerprint })
        else { throw CentralError.unreadableAfterWrite(written: "the certificate was registered") }
        return added
    }

    func removeMemberCertificate(
        request: Vdxp_Central_V1_RemoveMemberCertificateRequest, context: ServerContext
    ) async throws -> Google_Protobuf_Empty {
        let fingerprint = request.fingerprintSha256.lowercased()
        let organisationID = request.organisationID
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "remove_member_certificate",
            target: "\(organisationID)/\(fingerprint)")
        // Refused inside the transaction, so that neither the audit entry nor a new version is written for a
        // certificate that is not there (a retry of a removal that succeeded, or a wrong fingerprint).
        try await stores.transactions.publishing(entry) { connection in
            guard try await members.removeCertificate(fingerprint, of: organisationID, on: connection) else {
                throw CentralError.certificateNotFound(organisationID: organisationID, fingerprint: fingerprint)
            }
        }
        try await publisher.refresh()
        return Google_Protobuf_Empty()
    }
}
