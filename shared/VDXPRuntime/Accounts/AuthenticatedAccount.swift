public import Foundation
import SwiftProtobuf
public import VDXPProto

/// The person a verified account token names (`vdxp.central.v1.AccountTokenClaims`), as handlers see it through
/// ``RequestContext/account()``.
///
/// The roles are those at the time the token was issued. Central re-reads the account on every call; the other
/// services trust these claims until ``expireTime`` (at most `VDXP_ACCOUNT_TOKEN_TTL_SECONDS` after sign-in).
public struct AuthenticatedAccount: Sendable, Hashable, CustomStringConvertible {
    /// The account id (a lowercase UUID).
    public let accountID: String
    /// The username.
    public let username: String
    /// The member organisation the person acts for.
    public let organisationID: String
    /// The roles granted when the token was issued.
    public let roles: Set<Vdxp_Central_V1_AccountRole>
    /// The token's own id, for the logs.
    public let tokenID: String
    /// When the token was issued.
    public let issueTime: Date
    /// When the token stops being accepted.
    public let expireTime: Date

    /// The account the claims name.
    public init(claims: Vdxp_Central_V1_AccountTokenClaims) {
        self.accountID = claims.accountID
        self.username = claims.username
        self.organisationID = claims.organisationID
        self.roles = Set(claims.roles)
        self.tokenID = claims.tokenID
        self.issueTime = claims.issueTime.date
        self.expireTime = claims.expireTime.date
    }

    /// Whether the account holds `role`.
    public func has(_ role: Vdxp_Central_V1_AccountRole) -> Bool { roles.contains(role) }

    /// `account <username> of <organisation id>`: how the audit log names the person.
    public var description: String { "account \(username) of \(organisationID)" }
}
