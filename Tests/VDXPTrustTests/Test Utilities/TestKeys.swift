import Crypto
import VDXPTrust
import X509
import _CryptoExtras

/// Keys shared by the tests: RSA generation is slow in debug builds, so each size is generated once per run.
enum TestKeys {
    private static let rsa2048Result = Result { () throws(TrustError) in
        try SigningKey(generating: .rsa, rsaKeySize: 2048)
    }
    private static let rsa3072Result = Result { () throws(TrustError) in
        try SigningKey(generating: .rsa, rsaKeySize: 3072)
    }

    /// A 2048-bit RSA signing key.
    static func rsa2048() throws -> SigningKey { try self.rsa2048Result.get() }

    /// A 3072-bit RSA signing key.
    static func rsa3072() throws -> SigningKey { try self.rsa3072Result.get() }

    /// A fresh key suited to an algorithm (RSA keys are the shared ones).
    static func key(for algorithm: SignatureAlgorithm) throws -> SigningKey {
        switch algorithm.keyType {
        case .rsa: algorithm.digest == .sha256 ? try self.rsa2048() : try self.rsa3072()
        case .p256: SigningKey(P256.Signing.PrivateKey())
        case .p384: SigningKey(P384.Signing.PrivateKey())
        }
    }
}

/// A distinguished name with a common name and, optionally, an organisation.
func testName(_ commonName: String, organisation: String? = nil) throws -> DistinguishedName {
    try DistinguishedName {
        if let organisation {
            OrganizationName(organisation)
        }
        CommonName(commonName)
    }
}
