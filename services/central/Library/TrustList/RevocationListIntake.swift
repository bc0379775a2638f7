import Foundation
import SwiftASN1
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// Takes in a certificate revocation list (Art. 7.3): verifies it against the trust list and, when it is newer than
/// the list held for its authority, stores it and re-publishes the global configuration — the one path of both the
/// operator's `UploadRevocationList` and Central's own `RevocationListRefresher`.
struct RevocationListIntake: Sendable {
    let context: CentralContext

    /// What became of a list.
    enum Outcome: Sendable {
        /// It was newer than the one held: stored, audited and published.
        case stored(Vdxp_Central_V1_RevocationList)
        /// It is the very list held (same cRLNumber and thisUpdate): nothing changed.
        case unchanged(Vdxp_Central_V1_RevocationList)

        /// The list as the global configuration now carries it.
        var list: Vdxp_Central_V1_RevocationList {
            switch self {
            case .stored(let list), .unchanged(let list): list
            }
        }
    }

    /// Verifies and stores `der`.
    ///
    /// - Parameters:
    ///   - der: The CRL, DER-encoded — or PEM (`-----BEGIN X509 CRL-----`), as some authorities publish it.
    ///   - actor: Who brought it, for the audit trail.
    ///   - expectedAuthority: When set, the list must be signed by this authority (a list fetched from an
    ///     authority's own URL), else FAILED_PRECONDITION as not trusted.
    ///   - field: The name of the source in error messages (`crl_der`, or the URL it came from).
    /// - Throws: ``CentralError`` — invalid (not a CRL), not signed by a trusted authority, or older than the list
    ///   held.
    func take(
        _ der: [UInt8], actor: String, expectedAuthority: String? = nil, field: String = "crl_der"
    ) async throws -> Outcome {
        let list = try Self.parse(der, field: field)
        let issuer = try await self.issuer(of: list, expected: expectedAuthority)
        let stores = context.stores
        let fingerprint = issuer.fingerprintSha256
        let number = list.number ?? 0
        let entry = AuditEntry(
            actor: actor, action: "upload_revocation_list", target: fingerprint,
            reason: "CRL number \(number), issued \(list.thisUpdate.ISO8601Format()), "
                + "\(list.revokedSerialNumbers.count) revoked")
        let changed = try await stores.transactions.publishingIfChanged(entry) { connection in
            if let held = try await stores.authorities.heldRevocationList(of: fingerprint, on: connection) {
                if number == held.number && list.thisUpdate == held.thisUpdate { return false }
                if number < held.number || (number == held.number && list.thisUpdate < held.thisUpdate) {
                    throw CentralError.revocationListOutdated(
                        authority: fingerprint, number: number, thisUpdate: list.thisUpdate,
                        heldNumber: held.number, heldThisUpdate: held.thisUpdate)
                }
            }
            try await stores.authorities.storeRevocationList(list, of: fingerprint, on: connection)
            return true
        }
        if changed { try await context.publisher.refresh() }
        guard
            let stored = try await stores.authorities.revocationLists().first(where: {
                $0.authorityFingerprintSha256 == fingerprint
            })
        else { throw CentralError.unreadableAfterWrite(written: "the revocation list was stored") }
        return changed ? .stored(stored) : .unchanged(stored)
    }

    /// `der` as a CRL; PEM is unwrapped first.
    static func parse(_ der: [UInt8], field: String) throws -> CertificateRevocationList {
        var bytes = der
        if let text = String(bytes: der, encoding: .utf8), text.contains("-----BEGIN X509 CRL-----") {
            do {
                let document = try PEMDocument(pemString: text.trimmingCharacters(in: .whitespacesAndNewlines))
                bytes = document.derBytes
            } catch {
                throw CentralError.invalidField(field: field, message: "\(field): the PEM does not decode: \(error)")
            }
        }
        do {
            return try CertificateRevocationList(derEncoded: bytes)
        } catch {
            throw CentralError.invalidField(field: field, message: "\(field): \(error.message)")
        }
    }

    /// The trusted, unretired authority that signed `list` (and is `expected`, when given).
    private func issuer(
        of list: CertificateRevocationList, expected: String?
    ) async throws -> Vdxp_Central_V1_TrustedAuthority {
        let now = context.realTime.now()
        var refusal: String?
        for authority in try await context.stores.authorities.all()
        where (!authority.hasRetireTime || authority.retireTime.date > now)
            && (expected == nil || authority.fingerprintSha256 == expected)
        {
            let certificate = try Certificate(derEncoded: Array(authority.certificateDer))
            guard certificate.subject == list.issuer else { continue }
            do {
                try list.verify(issuedBy: certificate)
                return authority
            } catch {
                refusal = error.message
            }
        }
        throw CentralError.revocationListNotTrusted(issuer: list.issuer.description, reason: refusal)
    }
}
