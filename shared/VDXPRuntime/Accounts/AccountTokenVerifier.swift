public import Foundation
import SwiftASN1
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPTrust
public import X509

/// Checks account tokens with the public key of the configuration anchor, without calling Central (format and
/// rules in `proto/vdxp/central/v1/account.proto`, `AccountTokenClaims`).
///
/// ```swift
/// let verifier = AccountTokenVerifier(anchor: environment.configurationAnchor)
/// let account = try verifier.verify(token, now: Date())
/// ```
public struct AccountTokenVerifier: Sendable {
    /// Where the verifier finds the public key.
    public enum KeySource: Sendable {
        /// A fixed key: the anchor certificate's (`VDXP_CONFIGURATION_ANCHOR`).
        case publicKey(Certificate.PublicKey)
        /// The signer certificate of the global configuration this process holds. In Central that copy is signed
        /// locally with the anchor's key; in the other services it is the copy received from Central over mutual TLS
        /// and verified against the anchor. Used when the host did not pass the anchor itself.
        case heldConfiguration(GlobalConfigurationStore)
    }

    /// The longest token accepted, in characters.
    public static let maximumLength = 4096
    /// The clock difference tolerated between Central and the verifying service, in seconds.
    public static let clockSkew: TimeInterval = 60

    /// Where the key comes from.
    public let keySource: KeySource

    /// A verifier with a key source.
    public init(keySource: KeySource) {
        self.keySource = keySource
    }

    /// A verifier with the anchor certificate's key.
    public init(anchor: Certificate) {
        self.init(keySource: .publicKey(anchor.publicKey))
    }

    /// Checks `token` at `now` and returns the account it names.
    ///
    /// - Throws: ``AccountTokenError`` saying what is wrong (every case means: sign in again).
    public func verify(_ token: String, now: Date) throws(AccountTokenError) -> AuthenticatedAccount {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= Self.maximumLength, parts.count == 2,
            let claimBytes = Base64URL.decode(parts[0]), let signature = Base64URL.decode(parts[1]),
            let claims = try? Vdxp_Central_V1_AccountTokenClaims(serializedBytes: claimBytes),
            claims.issuer == AccountTokenIssuer.issuerName, !claims.accountID.isEmpty,
            claims.hasIssueTime, claims.hasExpireTime,
            WellKnownTypeRanges.violations(in: claims).isEmpty
        else {
            throw AccountTokenError(
                code: .malformed,
                message: "the bearer token is not a VDXP account token: send `authorization: Bearer <token>` with "
                    + "the token Central's Login returned, unchanged")
        }
        guard let algorithm = SignatureAlgorithm(proto: claims.signatureAlgorithm) else {
            throw AccountTokenError(code: .malformed, message: "the bearer token names no known signature algorithm")
        }
        do {
            try verifySignature(
                Array(signature), over: Array(claimBytes), algorithm: algorithm, publicKey: try publicKey())
        } catch let error as AccountTokenError {
            throw error
        } catch {
            throw AccountTokenError(
                code: .badSignature,
                message: "the bearer token's signature does not verify with the platform's configuration key: it was "
                    + "altered or not issued by Central; sign in again with Login")
        }
        let account = AuthenticatedAccount(claims: claims)
        guard now < account.expireTime else {
            throw AccountTokenError(
                code: .expired,
                message:
                    "the bearer token expired at \(account.expireTime.formatted(.iso8601)): sign in again with Login")
        }
        guard account.issueTime.addingTimeInterval(-Self.clockSkew) <= now else {
            throw AccountTokenError(
                code: .notYetValid,
                message: "the bearer token was issued in the future (\(account.issueTime.formatted(.iso8601))): check "
                    + "this server's clock against Central's")
        }
        return account
    }

    private func publicKey() throws(AccountTokenError) -> Certificate.PublicKey {
        switch keySource {
        case .publicKey(let key):
            return key
        case .heldConfiguration(let store):
            guard let der = store.snapshot?.signed.signerCertificateDer, !der.isEmpty,
                let certificate = try? Certificate(derEncoded: Array(der))
            else {
                throw AccountTokenError(
                    code: .noVerificationKey,
                    message: "this server holds no global configuration yet, so it cannot check account tokens: "
                        + "retry shortly")
            }
            return certificate.publicKey
        }
    }
}
