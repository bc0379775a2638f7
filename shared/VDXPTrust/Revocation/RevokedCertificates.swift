public import X509

/// The certificates the trusted authorities have revoked, by authority: the serial numbers of each authority's latest
/// certificate revocation list (``CertificateRevocationList``), as the global configuration distributes them.
///
/// A certificate is revoked when the authority that issued it — the next certificate of its validated chain — lists
/// its serial number. Authorities are named by the SHA-256 fingerprint of their certificate, serial numbers by
/// ``serialHex(_:)``.
///
/// ```swift
/// let revoked = RevokedCertificates([caFingerprint: ["0a1b…"]])
/// revoked.isRevoked(leaf, issuedBy: ca)   // true when the CA's CRL lists the leaf
/// ```
public struct RevokedCertificates: Hashable, Sendable {
    /// Nothing revoked.
    public static let none = RevokedCertificates([:])

    /// Revoked serial numbers (``serialHex(_:)``) by the fingerprint of the authority that revoked them.
    public let serialsByAuthority: [String: Set<String>]

    /// Creates the set from each authority's revoked serial numbers.
    ///
    /// - Parameter serialsByAuthority: Serial numbers (``serialHex(_:)``, any case) by the SHA-256 fingerprint of the
    ///   authority's certificate (any case).
    public init(_ serialsByAuthority: [String: Set<String>]) {
        var normalised: [String: Set<String>] = [:]
        for (authority, serials) in serialsByAuthority {
            normalised[authority.lowercased(), default: []].formUnion(serials.map { $0.lowercased() })
        }
        self.serialsByAuthority = normalised
    }

    /// Whether `issuer` revoked `certificate`.
    ///
    /// - Parameters:
    ///   - certificate: The certificate.
    ///   - issuer: The certificate of the CA that issued it.
    public func isRevoked(_ certificate: Certificate, issuedBy issuer: Certificate) -> Bool {
        guard let serials = self.serialsByAuthority[CertificateFingerprint.sha256(of: issuer)] else {
            return false
        }
        return serials.contains(Self.serialHex(certificate.serialNumber))
    }

    /// The first certificate of a validated `chain` (leaf first, root last) that the next one revoked, with its
    /// position, or nil.
    ///
    /// - Parameter chain: A validated chain, leaf first.
    public func firstRevoked(in chain: [Certificate]) -> (index: Int, certificate: Certificate)? {
        for index in chain.indices.dropLast() where self.isRevoked(chain[index], issuedBy: chain[index + 1]) {
            return (index, chain[index])
        }
        return nil
    }

    /// A serial number as VDXP writes it: lowercase hexadecimal of its value, without leading zero bytes (`00` for
    /// zero), as `openssl x509 -serial` prints it, lowercased.
    ///
    /// - Parameter serial: The serial number.
    public static func serialHex(_ serial: Certificate.SerialNumber) -> String {
        Self.serialHex(bytes: serial.bytes)
    }

    /// The hexadecimal form of a serial number given as big-endian bytes (a DER INTEGER's content).
    ///
    /// - Parameter bytes: The big-endian bytes.
    public static func serialHex(bytes: some Collection<UInt8>) -> String {
        let significant = bytes.drop { $0 == 0 }
        return significant.isEmpty ? "00" : hex(significant)
    }
}
