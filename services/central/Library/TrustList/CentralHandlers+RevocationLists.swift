import Foundation
import GRPCCore
import SwiftASN1
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// The trusted authorities' certificate revocation lists (Art. 7.3): uploaded by the operator, verified against the
/// authority that signed them, and published in the global configuration.
extension CentralHandlers {
    func uploadRevocationList(
        request: Vdxp_Central_V1_UploadRevocationListRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_RevocationList {
        guard !request.crlDer.isEmpty else {
            throw CentralError.invalidField(
                field: "crl_der", message: "crl_der is empty: send the authority's CRL, DER-encoded")
        }
        let list: CertificateRevocationList
        do {
            list = try CertificateRevocationList(derEncoded: Array(request.crlDer))
        } catch {
            throw CentralError.invalidField(field: "crl_der", message: "crl_der: \(error.message)")
        }
        let now = realTime.now()
        var issuer: Vdxp_Central_V1_TrustedAuthority?
        var refusal: String?
        for authority in try await stores.authorities.all()
        where !authority.hasRetireTime
            || authority.retireTime.date > now
        {
            let certificate = try Certificate(derEncoded: Array(authority.certificateDer))
            guard certificate.subject == list.issuer else { continue }
            do {
                try list.verify(issuedBy: certificate)
                issuer = authority
                break
            } catch {
                refusal = error.message
            }
        }
        guard let issuer else {
            throw CentralError.revocationListNotTrusted(issuer: list.issuer.description, reason: refusal)
        }
        let fingerprint = issuer.fingerprintSha256
        let number = list.number ?? 0
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "upload_revocation_list", target: fingerprint,
            reason: "CRL number \(number), issued \(list.thisUpdate.ISO8601Format()), "
                + "\(list.revokedSerialNumbers.count) revoked")
        try await stores.transactions.publishing(entry) { connection in
            if let held = try await stores.authorities.heldRevocationList(of: fingerprint, on: connection),
                number < held.number || (number == held.number && list.thisUpdate < held.thisUpdate)
            {
                throw CentralError.revocationListOutdated(
                    authority: fingerprint, number: number, thisUpdate: list.thisUpdate, heldNumber: held.number,
                    heldThisUpdate: held.thisUpdate)
            }
            try await stores.authorities.storeRevocationList(list, of: fingerprint, on: connection)
        }
        try await publisher.refresh()
        guard
            let stored = try await stores.authorities.revocationLists().first(where: {
                $0.authorityFingerprintSha256 == fingerprint
            })
        else { throw CentralError.unreadableAfterWrite(written: "the revocation list was stored") }
        return stored
    }
}
