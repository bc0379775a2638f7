import Crypto
public import X509

/// The SHA-256 fingerprint of a certificate: the SHA-256 of its DER encoding as 64 lowercase hexadecimal characters.
///
/// This is how Central registers connection and signing certificates and how they are looked up when a member
/// connects or signs. It equals `openssl x509 -in cert.pem -noout -fingerprint -sha256` with the colons removed and
/// the letters lowered.
///
/// ```swift
/// let fingerprint = CertificateFingerprint.sha256(of: leaf)
/// // "3f0c…" (64 characters)
/// ```
public enum CertificateFingerprint {
    /// The number of characters in a fingerprint: 64.
    public static let length = 64

    /// The fingerprint of a certificate.
    public static func sha256(of certificate: Certificate) -> String {
        self.sha256(ofDER: certificate.derBytes)
    }

    /// The fingerprint of a certificate given as DER bytes (the bytes are hashed as they are, not parsed).
    public static func sha256(ofDER derBytes: some Sequence<UInt8>) -> String {
        let digest = SHA256.hash(data: Array(derBytes))
        return hex(digest)
    }

    /// Whether a string has the shape of a fingerprint: exactly 64 characters `0-9` and `a-f`.
    ///
    /// Use it to validate fingerprints that arrive in requests before looking them up.
    public static func isWellFormed(_ fingerprint: String) -> Bool {
        fingerprint.utf8.count == self.length
            && fingerprint.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            }
    }
}
