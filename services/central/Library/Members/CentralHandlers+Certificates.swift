import Foundation
import GRPCCore
import SwiftASN1
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// Members' certificates: registered only when issued by a CA on the trust list (Art. 7).
extension CentralHandlers {
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
        let roots = try await stores.authorities.all().map { try Certificate(derEncoded: Array($0.certificateDer)) }
        let validation = await CertificateChainValidator(trustedRoots: roots).validate(
            leafFirst: [certificate], at: realTime.now(), purpose: purpose)
        if let error = validation.error { throw CentralError.certificateNotTrusted(reason: error.message) }
        let organisationID = request.organisationID
        let registered = MemberStore.NewCertificate(
            fingerprint: CertificateFingerprint.sha256(of: certificate), organisationID: organisationID,
            usage: request.usage, der: request.certificateDer, subject: certificate.subject.description,
            notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter)
        let fingerprint = registered.fingerprint
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "add_member_certificate",
            target: "\(organisationID)/\(fingerprint)")
        try await stores.transactions.publishing(entry) { connection in
            guard try await members.exists(organisationID, on: connection) else {
                throw CentralError.memberNotFound(organisationID: organisationID)
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
        let removed = try await stores.transactions.publishing(entry) { connection in
            try await members.removeCertificate(fingerprint, of: organisationID, on: connection)
        }
        guard removed else {
            throw CentralError.certificateNotFound(organisationID: organisationID, fingerprint: fingerprint)
        }
        try await publisher.refresh()
        return Google_Protobuf_Empty()
    }
}
