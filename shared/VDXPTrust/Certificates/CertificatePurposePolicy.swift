import SwiftASN1
import X509

/// A swift-certificates verifier policy that enforces a ``CertificatePurpose`` on the leaf of a candidate chain.
struct CertificatePurposePolicy: VerifierPolicy {
    let purpose: CertificatePurpose

    /// The policy enforces key usage and extended key usage on the leaf, so leaves may mark them critical.
    /// For ``CertificatePurpose/any`` the caller has deliberately asked for no usage restriction.
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.keyUsage,
        .X509ExtensionID.extendedKeyUsage,
    ]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        if let violation = Self.violation(of: self.purpose, by: chain.leaf) {
            return .failsToMeetPolicy(reason: violation)
        }
        return .meetsPolicy
    }

    /// Why `leaf` may not be used for `purpose`, or `nil` if it may.
    static func violation(of purpose: CertificatePurpose, by leaf: Certificate) -> String? {
        switch purpose {
        case .any:
            return nil
        case .clientAuthentication:
            return self.extendedKeyUsageViolation(
                leaf, requiring: .clientAuth, name: "clientAuth", for: "TLS client authentication")
        case .serverAuthentication:
            return self.extendedKeyUsageViolation(leaf, requiring: .serverAuth, name: "serverAuth", for: "a TLS server")
        case .documentSigning:
            let keyUsage: KeyUsage?
            do {
                keyUsage = try leaf.extensions.keyUsage
            } catch {
                return "The key usage extension of '\(leaf.subject)' cannot be parsed (\(error))."
            }
            guard let keyUsage else { return nil }
            if keyUsage.digitalSignature || keyUsage.nonRepudiation {
                return nil
            }
            return "The certificate '\(leaf.subject)' has key usage \(keyUsage), which allows neither digitalSignature "
                + "nor nonRepudiation, so it cannot sign documents. Use the organisation's signing (seal) certificate."
        }
    }

    private static func extendedKeyUsageViolation(
        _ leaf: Certificate,
        requiring usage: ExtendedKeyUsage.Usage,
        name: String,
        for role: String
    ) -> String? {
        let extendedKeyUsage: ExtendedKeyUsage?
        do {
            extendedKeyUsage = try leaf.extensions.extendedKeyUsage
        } catch {
            return "The extended key usage extension of '\(leaf.subject)' cannot be parsed (\(error))."
        }
        guard let extendedKeyUsage else { return nil }
        if extendedKeyUsage.contains(usage) || extendedKeyUsage.contains(.any) {
            return nil
        }
        return "The certificate '\(leaf.subject)' has extended key usage \(extendedKeyUsage) without \(name), "
            + "so it cannot be used for \(role). Use a certificate issued with \(name)."
    }
}
