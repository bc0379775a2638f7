import Crypto
import SwiftASN1
import X509
import _CryptoExtras

extension Certificate {
    /// The certificate's DER encoding.
    ///
    /// Serializing a `Certificate` copies the bytes it was parsed or built from, so it cannot fail in practice;
    /// swift-certificates only declares the method `throws` because `DERSerializable` does.
    var derBytes: [UInt8] {
        var serializer = DER.Serializer()
        do {
            try serializer.serialize(self)
        } catch {
            preconditionFailure("Serializing a parsed certificate copies its stored bytes and cannot fail: \(error)")
        }
        return serializer.serializedBytes
    }
}

extension Certificate.PublicKey {
    /// A short description of the key for error messages: `an RSA-2048 key`, `an EC P-256 key`.
    var kindDescription: String {
        if let rsa = _RSA.Signing.PublicKey(self) {
            return "an RSA-\(rsa.keySizeInBits) key"
        }
        if P256.Signing.PublicKey(self) != nil {
            return "an EC P-256 key"
        }
        if P384.Signing.PublicKey(self) != nil {
            return "an EC P-384 key"
        }
        if P521.Signing.PublicKey(self) != nil {
            return "an EC P-521 key"
        }
        if Curve25519.Signing.PublicKey(self) != nil {
            return "an Ed25519 key"
        }
        return "a key of an unknown type"
    }
}
