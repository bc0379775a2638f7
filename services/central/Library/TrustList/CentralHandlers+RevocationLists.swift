import Foundation
import GRPCCore
import VDXPProto
import VDXPRuntime

/// The trusted authorities' certificate revocation lists (Art. 7.3): uploaded by the operator or fetched by Central
/// from each authority's URL, verified against the authority that signed them, and published in the global
/// configuration.
extension CentralHandlers {
    func uploadRevocationList(
        request: Vdxp_Central_V1_UploadRevocationListRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_RevocationList {
        guard !request.crlDer.isEmpty else {
            throw CentralError.invalidField(
                field: "crl_der", message: "crl_der is empty: send the authority's CRL, DER-encoded")
        }
        let actor = try RequestContext.caller().description
        return try await RevocationListIntake(context: self.context).take(Array(request.crlDer), actor: actor).list
    }

    func setRevocationListUrl(
        request: Vdxp_Central_V1_SetRevocationListUrlRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_TrustedAuthority {
        let fingerprint = request.fingerprintSha256.lowercased()
        let url = try RevocationListSource.validatedURL(request.url, field: "url")
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "set_revocation_list_url", target: fingerprint,
            reason: url ?? "cleared")
        let found = try await stores.transactions.audited(entry) { connection in
            try await stores.authorities.setRevocationListURL(url, of: fingerprint, on: connection)
        }
        guard found else { throw CentralError.authorityNotFound(fingerprint: fingerprint) }
        if url != nil, let authority = try await stores.authorities.authority(fingerprint) {
            // Fetched at once, so the operator sees in the answer whether the URL works.
            await revocationLists.refresh(authority)
        }
        guard let authority = try await stores.authorities.authority(fingerprint) else {
            throw CentralError.unreadableAfterWrite(written: "the URL was set")
        }
        return authority
    }
}
