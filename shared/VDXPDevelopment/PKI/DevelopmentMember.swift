public import VDXPTrust

/// A member organisation for which ``DevelopmentPKI`` issues a connection certificate, a signing (seal) certificate,
/// and a personal certificate for its competent signer.
public struct DevelopmentMember: Codable, Hashable, Sendable {
    /// The organisation's identifier, e.g. `000.00.00.G22`; also the name of its folder under `members/`.
    /// Letters, digits, `.`, `-` and `_` only, not starting with a dot.
    public var organisationID: String

    /// The organisation's name, written as the `O=` of its certificates.
    public var name: String

    /// The algorithm the organisation signs documents with; decides its signing key: RSA 2048 for the SHA-256 RSA
    /// algorithms, RSA 3072 for SHA-384 and SHA-512, EC P-256 or P-384 for ECDSA.
    public var signingAlgorithm: SignatureAlgorithm

    /// The full name of the organisation's competent signer, written as the `CN=` of the personal signing
    /// certificate; a document whose `signer.full_name` is this name and that carries this person's signature and
    /// the seal has legal value (Art. 11).
    public var signerFullName: String

    /// The signer's name when none is given.
    public static let defaultSignerFullName = "Trần Văn Bình"

    /// Creates a member description.
    public init(
        organisationID: String, name: String, signingAlgorithm: SignatureAlgorithm,
        signerFullName: String = DevelopmentMember.defaultSignerFullName
    ) {
        self.organisationID = organisationID
        self.name = name
        self.signingAlgorithm = signingAlgorithm
        self.signerFullName = signerFullName
    }

    /// Decodes a member; `signer_full_name` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.organisationID = try container.decode(String.self, forKey: .organisationID)
        self.name = try container.decode(String.self, forKey: .name)
        self.signingAlgorithm = try container.decode(SignatureAlgorithm.self, forKey: .signingAlgorithm)
        self.signerFullName =
            try container.decodeIfPresent(String.self, forKey: .signerFullName) ?? Self.defaultSignerFullName
    }

    private enum CodingKeys: String, CodingKey {
        case organisationID = "organisation_id"
        case name
        case signingAlgorithm = "signing_algorithm"
        case signerFullName = "signer_full_name"
    }
}
