import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// Checks the signatures of a `SignedDocument` before it is accepted (Art. 14.1), as document.proto describes:
/// every signature verifies over the header bytes with its leaf certificate, every chain leads to a trusted
/// authority of the global configuration and allows document signing, no certificate of a chain is revoked (the CRLs
/// of the global configuration: a revoked seal or signer is refused, so never LEGALLY_VALID), no certificate signs
/// twice, and every signature is explained — the sender's seal (a signing certificate registered to it), a joint
/// issuer's seal, a competent signer's own (its subject common name is `signer.full_name`, or a joint issuer's), or a
/// countersignature of a person of a sealing organisation (its `O=` is one of the seals').
///
/// From those it decides the legal value (Art. 11): legally valid only when the sender's seal and its competent
/// signer signed, the signer bound to the sending organisation — its subject organisation (`O=`) is the one that the
/// sender's registered seal certificate names — and, for a joint document, every joint issuer's seal and signer
/// likewise. A certificate of another organisation's person who happens to bear the same name (Vietnamese names are
/// far from unique) leaves the document for reference only. A document without the sender's seal is reference-only
/// or refused by ``UnsealedDocumentPolicy`` (Art. 11.2).
struct DocumentSignatureChecker: Sendable {
    let snapshot: GlobalConfigurationSnapshot
    /// What becomes of a document without the sender's seal.
    var unsealed: UnsealedDocumentPolicy = .referenceOnly
    /// The chains already validated (shared by every send of the service).
    var chains = VerifiedChainCache()

    /// The legal value decided, and why a document is reference-only (empty when legally valid).
    struct Verdict: Sendable, Equatable {
        var legalValue: Vdxp_Exchange_V1_LegalValue
        var reason: String
    }

    /// Most signatures on one document: the sender's seal and signer, four joint issuers' seals and signers.
    static let maximumSignatures = 10

    /// One issuing organisation of the document: the sender, or a joint issuer.
    private struct Issuer {
        var organisationID: String
        var signerName: String
        /// The organisations (`O=` with `L=` and `ST=`) of its seal certificates that signed; empty while none did.
        var sealOrganisations: Set<SubjectOrganisation> = []
        var sealed = false
        /// Whether a certificate named as its signer and of its organisation signed.
        var signerBound = false
        /// Whether a certificate named as its signer signed at all.
        var signerSigned = false
    }

    /// Checks the signatures and returns the document's legal value with its reason.
    func check(
        _ document: Vdxp_Exchange_V1_SignedDocument, header parsed: Vdxp_Exchange_V1_DocumentHeader, sender: String,
        at now: Date
    ) async throws -> Verdict {
        guard (1...Self.maximumSignatures).contains(document.signatures.count) else {
            throw ExchangeError.invalidField(
                field: "document.signatures",
                message: "document.signatures has \(document.signatures.count) entries: sign the header and send 1 to "
                    + "\(Self.maximumSignatures) signatures")
        }
        var issuers = [
            Issuer(organisationID: sender, signerName: parsed.signer.fullName.precomposedStringWithCanonicalMapping)
        ]
        issuers += parsed.jointIssuers.map {
            Issuer(
                organisationID: $0.organisation.organisationID,
                signerName: $0.signer.fullName.precomposedStringWithCanonicalMapping)
        }
        // First every signature is verified and the seals are found; the others are explained after, since a
        // countersignature is recognised by a seal's organisation.
        var leaves: [(field: String, leaf: Certificate)] = []
        var signedAt: [String: Int] = [:]
        for (index, signature) in document.signatures.enumerated() {
            let field = "document.signatures[\(index)]"
            let leaf = try await verified(signature, field: field, over: Array(document.header), at: now)
            let fingerprint = CertificateFingerprint.sha256(of: leaf)
            if let first = signedAt[fingerprint] {
                throw ExchangeError.invalidField(
                    field: field,
                    message: "\(field) repeats document.signatures[\(first)]: the certificate "
                        + "'\(leaf.commonName ?? "(no common name)")' signs the document twice; send each "
                        + "signature once (the seal once, each competent signer once)")
            }
            signedAt[fingerprint] = index
            if let issuer = issuers.firstIndex(where: {
                snapshot.isSigningCertificate(fingerprint, of: $0.organisationID)
            }) {
                issuers[issuer].sealed = true
                issuers[issuer].sealOrganisations.formUnion(leaf.subjectOrganisations)
            } else {
                leaves.append((field: field, leaf: leaf))
            }
        }
        // Without the sender's seal, the policy decides — and only for a document its competent signer signed:
        // one signed by nobody of the sender's (another member's seal, say) is no document of the sender's at all.
        if !issuers[0].sealed {
            let signerSigned = leaves.contains {
                $0.leaf.commonName?.precomposedStringWithCanonicalMapping == issuers[0].signerName
            }
            if unsealed == .refuse || !signerSigned { throw ExchangeError.sealNotRegistered(sender: sender) }
        }
        let sealingOrganisations = issuers.reduce(into: Set<SubjectOrganisation>()) {
            $0.formUnion($1.sealOrganisations)
        }
        for (field, leaf) in leaves {
            let name = leaf.commonName?.precomposedStringWithCanonicalMapping
            if let name, let named = issuers.indices.filter({ issuers[$0].signerName == name }).first {
                // The signer of the first issuer so named; bound when its O= (in the same L= and ST=) is that
                // issuer's seal's.
                issuers[named].signerSigned = true
                if let bound = issuers.indices.first(where: {
                    issuers[$0].signerName == name && leaf.isOfAny(issuers[$0].sealOrganisations)
                }) {
                    issuers[bound].signerBound = true
                }
            } else if leaf.isOfAny(sealingOrganisations) {
                continue  // a countersignature: a person of a sealing organisation
            } else {
                throw ExchangeError.invalidField(
                    field: field,
                    message: "\(field): the certificate '\(leaf.commonName ?? "(no common name)")' is neither a "
                        + "signing certificate registered to \(sender) or a joint issuer (a seal), nor a competent "
                        + "signer's own (issued to signer.full_name \(parsed.signer.fullName.echoed) or a joint "
                        + "issuer's), nor a countersignature of a person of a sealing organisation (its O=, L= and ST= "
                        + "a seal's)")
            }
        }
        guard issuers[0].sealed else {
            return Verdict(
                legalValue: .referenceOnly,
                reason: "no signature of the sending organisation's seal (a signing certificate registered to "
                    + "\(sender)): for reference only (Art. 11.2)")
        }
        var missing: [String] = []
        for (position, issuer) in issuers.enumerated() {
            let who = position == 0 ? "the sending organisation" : "joint issuer \(issuer.organisationID)"
            if !issuer.sealed {
                missing.append("no signature of the seal of \(who)")
            } else if !issuer.signerBound {
                missing.append(
                    issuer.signerSigned
                        ? "the signer \(issuer.signerName.echoed)'s certificate is not of \(who) (its O=, L= and ST= "
                            + "are not the seal's)"
                        : "no signature of the competent signer \(issuer.signerName.echoed) of \(who)")
            }
        }
        guard missing.isEmpty else {
            return Verdict(
                legalValue: .referenceOnly, reason: missing.joined(separator: "; ") + ": for reference only (Art. 11.2)"
            )
        }
        return Verdict(legalValue: .legallyValid, reason: "")
    }

    /// Verifies one signature: its scheme, its chain to a trusted authority valid at `now` for document signing, and
    /// the signature over `header`; returns its leaf certificate.
    private func verified(
        _ signature: Vdxp_Exchange_V1_DocumentSignature, field: String, over header: [UInt8], at now: Date
    ) async throws -> Certificate {
        guard let algorithm = SignatureAlgorithm(proto: signature.algorithm) else {
            throw ExchangeError.invalidField(
                field: "\(field).algorithm", message: "\(field).algorithm: choose one of SignatureAlgorithm's schemes")
        }
        guard (1...5).contains(signature.certificateChain.count) else {
            throw ExchangeError.invalidField(
                field: "\(field).certificate_chain",
                message: "\(field).certificate_chain must hold 1 to 5 DER certificates, leaf first")
        }
        // A chain seen before against the same trusted authorities and CRLs is not validated again while it is valid.
        let (chain, validation) = try await chains.validate(
            leafFirstDER: signature.certificateChain, at: now, purpose: .documentSigning,
            using: snapshot.memberCertificateValidator, trustDigest: snapshot.trustDigest
        ) { der in
            try der.enumerated().map { position, der in
                try Validate.certificate(der, field: "\(field).certificate_chain[\(position)]")
            }
        }
        if let error = validation.error {
            throw ExchangeError.invalidField(
                field: "\(field).certificate_chain", message: "\(field).certificate_chain: \(error.message)")
        }
        do {
            try verifySignature(
                signature.signature.map { $0 }, over: header, algorithm: algorithm, publicKey: chain[0].publicKey)
        } catch {
            throw ExchangeError.invalidField(
                field: "\(field).signature", message: "\(field).signature: \(error.message)")
        }
        return chain[0]
    }
}
