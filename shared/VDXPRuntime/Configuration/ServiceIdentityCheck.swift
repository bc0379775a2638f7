import Foundation
import VDXPTrust
import X509

/// Checks at start-up the certificate and key a service presents (`VDXP_TLS_CERTIFICATE`, `VDXP_TLS_KEY`), before
/// anything else happens: a certificate that is not valid now, or a key that is not its key, would otherwise surface
/// only when the listener opens — after the migrations — as a TLS error that names neither file, or as every peer
/// refusing the handshake.
enum ServiceIdentityCheck {
    /// How far ahead of this machine's clock a certificate may start to be valid (clocks differ a little).
    static let clockSkew: TimeInterval = 300

    /// The expiry of the leaf certificate in `certificatePath`, once it is valid at `now` and `keyPath` holds its key.
    ///
    /// - Throws: ``SettingsError`` naming the variable and what to do.
    static func expiry(certificatePath: String, keyPath: String, now: Date = Date()) throws -> Date {
        let leaf: Certificate
        do {
            guard let first = try PEM.loadCertificateChain(pemFile: certificatePath).first else {
                throw SettingsError("VDXP_TLS_CERTIFICATE=\(certificatePath) holds no certificate")
            }
            leaf = first
        } catch let error as TrustError {
            throw SettingsError("VDXP_TLS_CERTIFICATE cannot be read: \(error.message)")
        }
        if leaf.notValidAfter <= now {
            throw SettingsError(
                "VDXP_TLS_CERTIFICATE=\(certificatePath) expired at \(Self.text(leaf.notValidAfter)): install the "
                    + "renewed certificate (in Kubernetes cert-manager renews the Secret; restart the pod to load it)")
        }
        if leaf.notValidBefore > now.addingTimeInterval(clockSkew) {
            throw SettingsError(
                "VDXP_TLS_CERTIFICATE=\(certificatePath) is valid only from \(Self.text(leaf.notValidBefore)): check "
                    + "this machine's clock, or the certificate's dates")
        }
        let key: SigningKey
        do {
            key = try PEM.loadSigningKey(pemFile: keyPath)
        } catch {
            throw SettingsError("VDXP_TLS_KEY cannot be read: \(error.message)")
        }
        guard key.publicKey == leaf.publicKey else {
            throw SettingsError(
                "VDXP_TLS_KEY=\(keyPath) is not the key of VDXP_TLS_CERTIFICATE=\(certificatePath): install the "
                    + "pair that was issued together")
        }
        return leaf.notValidAfter
    }

    private static func text(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
