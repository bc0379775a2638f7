public import VDXPProto
public import VDXPTrust

extension SignatureAlgorithm {
    /// The algorithm a proto enum value names, or nil for UNSPECIFIED and unknown values.
    public init?(proto: Vdxp_Type_V1_SignatureAlgorithm) {
        switch proto {
        case .rsaPkcs1Sha256: self = .rsaPKCS1v15SHA256
        case .rsaPkcs1Sha384: self = .rsaPKCS1v15SHA384
        case .rsaPkcs1Sha512: self = .rsaPKCS1v15SHA512
        case .rsaPssSha256: self = .rsaPSSSHA256
        case .rsaPssSha384: self = .rsaPSSSHA384
        case .rsaPssSha512: self = .rsaPSSSHA512
        case .ecdsaP256Sha256: self = .ecdsaP256SHA256
        case .ecdsaP384Sha384: self = .ecdsaP384SHA384
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    /// The proto enum value of this algorithm.
    public var proto: Vdxp_Type_V1_SignatureAlgorithm {
        switch self {
        case .rsaPKCS1v15SHA256: .rsaPkcs1Sha256
        case .rsaPKCS1v15SHA384: .rsaPkcs1Sha384
        case .rsaPKCS1v15SHA512: .rsaPkcs1Sha512
        case .rsaPSSSHA256: .rsaPssSha256
        case .rsaPSSSHA384: .rsaPssSha384
        case .rsaPSSSHA512: .rsaPssSha512
        case .ecdsaP256SHA256: .ecdsaP256Sha256
        case .ecdsaP384SHA384: .ecdsaP384Sha384
        }
    }
}
