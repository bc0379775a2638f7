/// A member organisation for which ``DevelopmentPKI`` issues a connection certificate and a signing certificate.
public struct DevelopmentMember: Codable, Hashable, Sendable {
    /// The organisation's identifier, e.g. `000.00.00.G22`; also the name of its folder under `members/`.
    /// Letters, digits, `.`, `-` and `_` only, not starting with a dot.
    public var organisationID: String

    /// The organisation's name, written as the `O=` of its certificates.
    public var name: String

    /// The algorithm the organisation signs documents with; decides its signing key: RSA 2048 for the SHA-256 RSA
    /// algorithms, RSA 3072 for SHA-384 and SHA-512, EC P-256 or P-384 for ECDSA.
    public var signingAlgorithm: SignatureAlgorithm

    /// Creates a member description.
    public init(organisationID: String, name: String, signingAlgorithm: SignatureAlgorithm) {
        self.organisationID = organisationID
        self.name = name
        self.signingAlgorithm = signingAlgorithm
    }

    private enum CodingKeys: String, CodingKey {
        case organisationID = "organisation_id"
        case name
        case signingAlgorithm = "signing_algorithm"
    }
}
