import SwiftASN1
public import X509

extension Certificate {
    /// The certificate's DER encoding (the bytes it was parsed from).
    public var derEncodedBytes: [UInt8] {
        var serializer = DER.Serializer()
        // Serializing a parsed certificate copies its stored bytes; it cannot fail.
        try! serializer.serialize(self)
        return serializer.serializedBytes
    }
}
