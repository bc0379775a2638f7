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
/// twice, at least one signing certificate is registered to the sender (the organisation's signature), and every other one is the
/// competent signer's (its subject common name is `signer.full_name`).
///
/// From those it decides the legal value (Art. 11): legally valid only when the competent signer's certificate is
/// also bound to the sending organisation — its subject organisation (`O=`) is the one that the sender's registered
/// seal certificate names. A certificate of another organisation's person who happens to bear the same
/// name (Vietnamese names are far from unique) leaves the document for reference only.
struct DocumentSignatureChecker: Sendable {
    let snapshot: GlobalConfigurationSnapshot

    /// Checks the signatures and returns the document's legal value.
    func check(
        _ document: Vdxp_Exchange_V1_SignedDocument, header parsed: Vdxp_Exchange_V1_DocumentHeader, sender: String,
        at now: Date
    ) async throws -> Vdxp_Exchange_V1_LegalValue {
        guard (1...5).contains(document.signatures.count) else {
            throw ExchangeError.invalidField(
                field: "document.signatures",
                message:
                    "document.signatures has \(document.signatures.count) entries: sign the header and send 1 to 5 signatures"
            )
        }
        let header = Array(document.header)
        let validator = snapshot.memberCertificateValidator  // trusted authorities and their CRLs
        var boundToSender = false
        var sealOrganisations: Set<String> = []
        var signerOrganisations: [Set<String>] = []
        var signedAt: [String: Int] = [:]
        var unexplained: ExchangeError?
        let signerName = parsed.signer.fullName.precomposedStringWithCanonicalMapping
        for (index, signature) in document.signatures.enumerated() {
            let field = "document.signatures[\(index)]"
            guard let algorithm = SignatureAlgorithm(proto: signature.algorithm) else {
                throw ExchangeError.invalidField(
                    field: "\(field).algorithm",
                    message: "\(field).algorithm: choose one of SignatureAlgorithm's schemes")
            }
            guard (1...5).contains(signature.certificateChain.count) else {
                throw ExchangeError.invalidField(
                    field: "\(field).certificate_chain",
                    message: "\(field).certificate_chain must hold 1 to 5 DER certificates, leaf first")
            }
            var chain: [Certificate] = []
            for (position, der) in signature.certificateChain.enumerated() {
                chain.append(try Validate.certificate(der, field: "\(field).certificate_chain[\(position)]"))
            }
            let validation = await validator.validate(leafFirst: chain, at: now, purpose: .documentSigning)
            if let error = validation.error {
                throw ExchangeError.invalidField(
                    field: "\(field).certificate_chain", message: "\(field).certificate_chain: \(error.message)")
            }
            do {
                try verifySignature(
                    Array(signature.signature), over: header, algorithm: algorithm, publicKey: chain[0].publicKey)
            } catch {
                throw ExchangeError.invalidField(
                    field: "\(field).signature", message: "\(field).signature: \(error.message)")
            }
            let fingerprint = CertificateFingerprint.sha256(of: chain[0])
            if let first = signedAt[fingerprint] {
                throw ExchangeError.invalidField(
                    field: field,
                    message: "\(field) repeats document.signatures[\(first)]: the certificate "
                        + "'\(chain[0].commonName ?? "(no common name)")' signs the document twice; send each "
                        + "signature once (the seal once, each competent signer once)")
            }
            signedAt[fingerprint] = index
            if snapshot.isSigningCertificate(fingerprint, of: sender) {
                boundToSender = true
                sealOrganisations.formUnion(chain[0].subjectOrganisations)
            } else if let name = chain[0].commonName, name.precomposedStringWithCanonicalMapping == signerName {
                signerOrganisations.append(chain[0].subjectOrganisations)
            } else if unexplained == nil {
                unexplained = .invalidField(
                    field: field,
                    message: "\(field): the certificate '\(chain[0].commonName ?? "(no common name)")' is neither a "
                        + "signing certificate registered to \(sender) (the organisation's seal) nor the signer's own: "
                        + "a signer's certificate must be issued to signer.full_name \(parsed.signer.fullName.echoed)")
            }
        }
        guard boundToSender else {
            throw ExchangeError.sealNotRegistered(sender: sender)
        }
        if let unexplained { throw unexplained }
        let signerOfSender = signerOrganisations.contains { !sealOrganisations.isDisjoint(with: $0) }
        return signerOfSender ? .legallyValid : .referenceOnly
    }
}
