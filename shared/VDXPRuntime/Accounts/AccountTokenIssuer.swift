public import Foundation
import SwiftProtobuf
import VDXPCore
public import VDXPProto
public import VDXPTrust

/// Issues account tokens: Central signs the claims with the configuration signing key (format in
/// `proto/vdxp/central/v1/account.proto`, `AccountTokenClaims`).
///
/// ```swift
/// let issuer = AccountTokenIssuer(signingKey: key, lifetime: 900)
/// let (token, claims) = try issuer.issue(accountID: id, username: "an.nv", organisationID: "000.00.00.G22",
///                                        roles: [.memberAdmin], now: clock.now())
/// ```
public struct AccountTokenIssuer: Sendable {
    /// The issuer every token names.
    public static let issuerName = "vdxp.central"

    /// The configuration signing key.
    public let signingKey: SigningKey
    /// How long a token is accepted, in seconds.
    public let lifetime: TimeInterval

    /// Creates an issuer.
    ///
    /// - Parameters:
    ///   - signingKey: The key matching `VDXP_CONFIGURATION_ANCHOR`, so that every service can check its tokens.
    ///   - lifetime: Seconds from issue to expiry (`VDXP_ACCOUNT_TOKEN_TTL_SECONDS`).
    public init(signingKey: SigningKey, lifetime: TimeInterval) {
        self.signingKey = signingKey
        self.lifetime = lifetime
    }

    /// Signs a token for an account at `now`. Returns the token text and the claims it carries.
    public func issue(
        accountID: String, username: String, organisationID: String, roles: [Vdxp_Central_V1_AccountRole],
        now: Date
    ) throws -> (token: String, claims: Vdxp_Central_V1_AccountTokenClaims) {
        let algorithm = signingKey.defaultAlgorithm
        let claims = Vdxp_Central_V1_AccountTokenClaims.with {
            $0.issuer = Self.issuerName
            $0.tokenID = UUID().uuidString.lowercased()
            $0.accountID = accountID
            $0.username = username
            $0.organisationID = organisationID
            $0.roles = roles
            $0.issueTime = .init(date: now)
            $0.expireTime = .init(date: now.addingTimeInterval(lifetime))
            $0.signatureAlgorithm = algorithm.proto
        }
        return (try token(for: claims), claims)
    }

    /// The token for `claims` exactly as given: serialized, signed with the key under the algorithm the claims
    /// name, and encoded `base64url(claims).base64url(signature)`.
    public func token(for claims: Vdxp_Central_V1_AccountTokenClaims) throws -> String {
        let algorithm = SignatureAlgorithm(proto: claims.signatureAlgorithm) ?? signingKey.defaultAlgorithm
        let bytes: [UInt8] = try claims.serializedBytes()
        let signature = try signingKey.sign(bytes, algorithm: algorithm)
        return Base64URL.encode(bytes) + "." + Base64URL.encode(signature)
    }
}
