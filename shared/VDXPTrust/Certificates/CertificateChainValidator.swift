public import Foundation
@_spi(FixedExpiryValidationTime) public import X509

/// Validates certificate chains against a fixed set of trusted roots, at a given time, for a given purpose.
///
/// Used for the TLS client certificates of members and services, and for the signing certificate chains that come
/// with documents. Chain building and the RFC 5280 checks (signatures, validity periods, basic and name constraints,
/// critical extensions) are swift-certificates' `Verifier` with `RFC5280Policy`; on top of it the leaf must allow the
/// ``CertificatePurpose``, and no certificate of the chain may be listed by its issuer's revocation list
/// (``RevokedCertificates``, from the CRLs the global configuration carries). Intermediate CAs are taken only from the
/// presented chain, never fetched.
///
/// ```swift
/// let validator = CertificateChainValidator(trustedRoots: configuration.trustedCAs)
/// switch await validator.validate(leafFirst: presentedChain, at: .now, purpose: .documentSigning) {
/// case .validated(let chain):
///     let fingerprint = CertificateFingerprint.sha256(of: chain[0])
/// case .rejected(let error):
///     throw error  // error.code is .untrustedChain, .expired, .notYetValid, .usageNotAllowed or .revoked
/// }
/// ```
///
/// The validator holds no mutable state and may be shared between tasks; build a new one when the set of trusted
/// CAs changes.
public struct CertificateChainValidator: Sendable {
    /// What a chain is validated for; see ``CertificatePurpose``.
    public typealias Purpose = CertificatePurpose

    /// The trust anchors: chains must end in one of these certificates.
    public let trustedRoots: [Certificate]

    /// The certificates the trusted authorities revoked.
    public let revoked: RevokedCertificates

    /// Creates a validator that trusts the given root certificates.
    ///
    /// - Parameters:
    ///   - trustedRoots: The CA certificates that anchor trust (for members, the trusted CAs of the current global
    ///     configuration; for platform identities, the platform CA).
    ///   - revoked: The certificates revoked by those CAs (for members, the CRLs of the current global configuration);
    ///     none by default.
    public init(trustedRoots: [Certificate], revoked: RevokedCertificates = .none) {
        self.trustedRoots = trustedRoots
        self.revoked = revoked
    }

    /// Validates a chain.
    ///
    /// - Parameters:
    ///   - chain: The certificates as presented, leaf first, then any intermediates; the root may be included or not.
    ///   - time: The moment at which every certificate of the chain must be valid (usually now; for an archived
    ///     document, the time it was signed).
    ///   - purpose: What the leaf will be used for.
    /// - Returns: The validated chain from the leaf to a trusted root, or the reason it is rejected.
    public func validate(leafFirst chain: [Certificate], at time: Date, purpose: Purpose) async -> ChainValidationResult
    {
        guard let leaf = chain.first else {
            return .rejected(
                TrustError(
                    code: .invalidArgument,
                    message: "No certificate was presented; send the certificate chain leaf first (DER or PEM)."
                )
            )
        }
        var verifier = Verifier(rootCertificates: CertificateStore(self.trustedRoots)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            CertificatePurposePolicy(purpose: purpose)
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(chain.dropFirst()))
        switch result {
        case .validCertificate(let validated):
            let trusted = Array(validated)
            if let revoked = self.revoked.firstRevoked(in: trusted) {
                let (index, certificate) = (revoked.index, revoked.certificate)
                return .rejected(
                    TrustError(
                        code: .revoked,
                        message: "The certificate '\(certificate.subject)' (serial "
                            + "\(RevokedCertificates.serialHex(certificate.serialNumber))) is revoked: the revocation "
                            + "list of '\(trusted[index + 1].subject)' lists it. It can no longer be used; obtain a new "
                            + "certificate and, for a member certificate, register it in Central."
                    ))
            }
            return .validated(trusted)
        case .couldNotValidate(let failures):
            return .rejected(self.explain(failures, presented: chain, at: time, purpose: purpose))
        }
    }

    /// Turns the verifier's failures into one error that says what is wrong and what to do.
    private func explain(
        _ failures: [CertificateValidationResult.PolicyFailure],
        presented: [Certificate],
        at time: Date,
        purpose: Purpose
    ) -> TrustError {
        let leaf = presented[0]
        guard let failure = failures.first else {
            // No candidate chain reached a trusted root (or the leaf has a critical extension nobody handles).
            let last = presented[presented.count - 1]
            return TrustError(
                code: .untrustedChain,
                message: "The certificate '\(leaf.subject)' does not chain to a trusted CA: the last presented "
                    + "certificate names '\(last.issuer)' as its issuer, which is not trusted or did not sign it. "
                    + "Present the chain leaf first with every intermediate, and make sure the issuing CA is one of the "
                    + "\(self.trustedRoots.count) trusted CAs ("
                    + self.trustedRoots.map { "'\($0.subject)'" }.joined(separator: ", ") + ")."
            )
        }
        for certificate in failure.chain {
            if time < certificate.notValidBefore {
                return TrustError(
                    code: .notYetValid,
                    message: "The certificate '\(certificate.subject)' is not valid before "
                        + "\(certificate.notValidBefore.ISO8601Format()) (checked at \(time.ISO8601Format())). "
                        + "Check the clock of the system that issued or presented it, or wait until it becomes valid."
                )
            }
            if time > certificate.notValidAfter {
                return TrustError(
                    code: .expired,
                    message: "The certificate '\(certificate.subject)' expired at "
                        + "\(certificate.notValidAfter.ISO8601Format()) (checked at \(time.ISO8601Format())). "
                        + "Renew it and, for a member certificate, register the new one in Central."
                )
            }
        }
        if let violation = CertificatePurposePolicy.violation(of: purpose, by: leaf) {
            return TrustError(code: .usageNotAllowed, message: violation)
        }
        return TrustError(
            code: .untrustedChain,
            message: "The certificate chain of '\(leaf.subject)' breaks the rules of RFC 5280: "
                + "\(failure.policyFailureReason)"
        )
    }
}
