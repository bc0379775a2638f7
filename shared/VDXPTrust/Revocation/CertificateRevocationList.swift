public import Foundation
import SwiftASN1
public import X509

/// A certificate revocation list (CRL, RFC 5280 § 5), read from its DER encoding: who issued it, when, until when,
/// which serial numbers it revokes, and its number.
///
/// swift-certificates has no CRL type; this reads the `CertificateList` structure with SwiftASN1:
///
/// ```
/// CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier,
///                                signatureValue BIT STRING }
/// TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature AlgorithmIdentifier, issuer Name,
///                            thisUpdate Time, nextUpdate Time OPTIONAL,
///                            revokedCertificates SEQUENCE OF SEQUENCE { userCertificate INTEGER,
///                                revocationDate Time, crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
///                            crlExtensions [0] EXPLICIT Extensions OPTIONAL }
/// ```
///
/// Reading checks the structure only; ``verify(issuedBy:)`` checks that an authority signed it.
///
/// ```swift
/// let crl = try CertificateRevocationList(derEncoded: uploaded)
/// try crl.verify(issuedBy: trustedCA)
/// crl.revokedSerialNumbers   // ["0a1b…", …], as RevokedCertificates.serialHex writes them
/// ```
public struct CertificateRevocationList: Hashable, Sendable {
    /// The DER encoding, as read.
    public let derEncoded: [UInt8]

    /// The CA that issued the list.
    public let issuer: DistinguishedName

    /// When the list was issued.
    public let thisUpdate: Date

    /// When the CA promises the next list, if it says.
    public let nextUpdate: Date?

    /// The revoked serial numbers (``RevokedCertificates/serialHex(bytes:)``), ascending, without repeats.
    public let revokedSerialNumbers: [String]

    /// The cRLNumber extension (2.5.29.20), if present; `Int64.max` for a number beyond it.
    public let number: Int64?

    /// The signature algorithm, as the issuer declared it.
    public let signatureAlgorithm: SignatureAlgorithm

    /// The bytes the issuer signed (`tbsCertList`).
    let signedBytes: [UInt8]

    /// The signature (`signatureValue`).
    let signature: [UInt8]

    /// The cRLNumber extension's object identifier.
    static let crlNumberOID: ASN1ObjectIdentifier = [2, 5, 29, 20]

    /// Reads a CRL from its DER encoding.
    ///
    /// - Parameter derEncoded: The CRL, DER (not PEM).
    /// - Throws: ``TrustError`` with code ``TrustError/Code/malformed`` when the bytes are not a DER CRL, or
    ///   ``TrustError/Code/unsupportedAlgorithm`` when it is signed with an algorithm VDXP does not verify.
    public init(derEncoded: [UInt8]) throws(TrustError) {
        self.derEncoded = derEncoded
        let parsed: Parsed
        do {
            parsed = try Self.parse(derEncoded)
        } catch {
            throw TrustError(
                code: .malformed,
                message: "The bytes are not a DER-encoded certificate revocation list (RFC 5280 CertificateList); "
                    + "send the CRL file as the CA publishes it, converted from PEM with `openssl crl -outform DER` "
                    + "if needed.",
                cause: error
            )
        }
        guard let algorithm = Self.algorithm(parsed.algorithm) else {
            throw TrustError(
                code: .unsupportedAlgorithm,
                message: "The CRL is signed with \(parsed.algorithm), which VDXP does not verify; VDXP verifies "
                    + "ECDSA with SHA-256 or SHA-384 and RSA PKCS #1 v1.5 with SHA-256, SHA-384 or SHA-512."
            )
        }
        self.issuer = parsed.issuer
        self.thisUpdate = parsed.thisUpdate
        self.nextUpdate = parsed.nextUpdate
        self.revokedSerialNumbers = Array(Set(parsed.serials)).sorted {
            ($0.count, $0) < ($1.count, $1)
        }
        self.number = parsed.number
        self.signatureAlgorithm = algorithm
        self.signedBytes = parsed.signedBytes
        self.signature = parsed.signature
    }

    /// Checks that `authority` issued and signed this list: its subject is the list's issuer, it may sign CRLs
    /// (key usage cRLSign, when the extension is present), and the signature verifies with its public key.
    ///
    /// - Parameter authority: The CA certificate.
    /// - Throws: ``TrustError`` with code ``TrustError/Code/untrustedChain`` when the authority is not the issuer or
    ///   may not sign CRLs, or the codes of ``verifySignature(_:over:algorithm:publicKey:)``.
    public func verify(issuedBy authority: Certificate) throws(TrustError) {
        guard authority.subject == self.issuer else {
            throw TrustError(
                code: .untrustedChain,
                message: "The CRL was issued by '\(self.issuer)', not by '\(authority.subject)'."
            )
        }
        if let keyUsage = try? authority.extensions.keyUsage, !keyUsage.cRLSign {
            throw TrustError(
                code: .untrustedChain,
                message: "The certificate of '\(authority.subject)' does not allow signing CRLs (key usage cRLSign)."
            )
        }
        do {
            try verifySignature(
                self.signature, over: self.signedBytes, algorithm: self.signatureAlgorithm,
                publicKey: authority.publicKey)
        } catch {
            throw TrustError(
                code: .invalidSignature,
                message: "The CRL's signature does not verify with the public key of '\(authority.subject)': it was "
                    + "not signed by that CA, or it was altered. Upload the CRL exactly as the CA publishes it.",
                cause: error
            )
        }
    }

    // MARK: - Reading

    private struct Parsed {
        var signedBytes: [UInt8] = []
        var algorithm: ASN1ObjectIdentifier = [0, 0]
        var signature: [UInt8] = []
        var issuer = DistinguishedName()
        var thisUpdate = Date(timeIntervalSince1970: 0)
        var nextUpdate: Date?
        var serials: [String] = []
        var number: Int64?
    }

    private static func parse(_ der: [UInt8]) throws -> Parsed {
        var parsed = Parsed()
        let root = try DER.parse(der)
        try DER.sequence(root, identifier: .sequence) { nodes in
            guard let tbs = nodes.next(), let algorithm = nodes.next(), let signature = nodes.next() else {
                throw ASN1Error.invalidASN1Object(reason: "a CertificateList has three parts")
            }
            parsed.signedBytes = Array(tbs.encodedBytes)
            parsed.algorithm = try Self.algorithmIdentifier(algorithm)
            parsed.signature = Array(try ASN1BitString(derEncoded: signature).bytes)
            try Self.parseToBeSigned(tbs, into: &parsed)
        }
        return parsed
    }

    private static func parseToBeSigned(_ node: ASN1Node, into parsed: inout Parsed) throws {
        try DER.sequence(node, identifier: .sequence) { nodes in
            var peek = nodes
            if let first = peek.next(), first.identifier == .integer {
                let version = try Int(derEncoded: first)
                guard version == 1 else {
                    throw ASN1Error.invalidASN1Object(reason: "only v2 CRLs carry a version, and it is 1")
                }
                nodes = peek
            }
            guard let algorithm = nodes.next() else {
                throw ASN1Error.invalidASN1Object(reason: "no signature algorithm in tbsCertList")
            }
            guard try Self.algorithmIdentifier(algorithm) == parsed.algorithm else {
                throw ASN1Error.invalidASN1Object(reason: "the two signature algorithms of the CRL differ")
            }
            parsed.issuer = try DistinguishedName(derEncoded: &nodes)
            guard let thisUpdate = nodes.next() else {
                throw ASN1Error.invalidASN1Object(reason: "no thisUpdate")
            }
            parsed.thisUpdate = try Self.time(thisUpdate)
            peek = nodes
            if let next = peek.next(), next.identifier == .utcTime || next.identifier == .generalizedTime {
                parsed.nextUpdate = try Self.time(next)
                nodes = peek
            }
            peek = nodes
            if let list = peek.next(), list.identifier == .sequence {
                nodes = peek
                try DER.sequence(list, identifier: .sequence) { entries in
                    while let entry = entries.next() {
                        try DER.sequence(entry, identifier: .sequence) { fields in
                            guard let serial = fields.next(), serial.identifier == .integer,
                                case .primitive(let bytes) = serial.content, !bytes.isEmpty, fields.next() != nil
                            else {
                                throw ASN1Error.invalidASN1Object(reason: "a revoked entry has a serial and a date")
                            }
                            parsed.serials.append(RevokedCertificates.serialHex(bytes: bytes))
                            while fields.next() != nil {}
                        }
                    }
                }
            }
            _ = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { node in
                try DER.sequence(node, identifier: .sequence) { extensions in
                    while let node = extensions.next() {
                        let crlExtension = try Certificate.Extension(derEncoded: node)
                        if crlExtension.oid == Self.crlNumberOID {
                            let integer = try DER.parse(crlExtension.value)
                            let bytes = try ArraySlice<UInt8>(derEncoded: integer).drop { $0 == 0 }
                            parsed.number =
                                bytes.count > 8 || (bytes.count == 8 && bytes.first! >= 0x80)
                                ? Int64.max
                                : bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
                        }
                    }
                }
            }
        }
    }

    /// The algorithm of an AlgorithmIdentifier (its parameters are not read: VDXP's algorithms have none, or NULL).
    private static func algorithmIdentifier(_ node: ASN1Node) throws -> ASN1ObjectIdentifier {
        try DER.sequence(node, identifier: .sequence) { fields in
            let oid = try ASN1ObjectIdentifier(derEncoded: &fields)
            while fields.next() != nil {}
            return oid
        }
    }

    /// A Time: UTCTime or GeneralizedTime, in UTC.
    private static func time(_ node: ASN1Node) throws -> Date {
        let parts: (year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Int)
        if node.identifier == .utcTime {
            let time = try UTCTime(derEncoded: node)
            parts = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        } else {
            let time = try GeneralizedTime(derEncoded: node)
            parts = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(
            year: parts.year, month: parts.month, day: parts.day, hour: parts.hours, minute: parts.minutes,
            second: parts.seconds)
        guard let date = calendar.date(from: components) else {
            throw ASN1Error.invalidASN1Object(reason: "a time that is not a time")
        }
        return date
    }

    // MARK: - Algorithms

    /// The object identifiers of the signature algorithms a CRL may use, as in certificates.
    static let algorithms: [(ASN1ObjectIdentifier, SignatureAlgorithm)] = [
        ([1, 2, 840, 10045, 4, 3, 2], .ecdsaP256SHA256),
        ([1, 2, 840, 10045, 4, 3, 3], .ecdsaP384SHA384),
        ([1, 2, 840, 113_549, 1, 1, 11], .rsaPKCS1v15SHA256),
        ([1, 2, 840, 113_549, 1, 1, 12], .rsaPKCS1v15SHA384),
        ([1, 2, 840, 113_549, 1, 1, 13], .rsaPKCS1v15SHA512),
    ]

    /// The VDXP algorithm of an object identifier, or nil.
    static func algorithm(_ oid: ASN1ObjectIdentifier) -> SignatureAlgorithm? {
        Self.algorithms.first { $0.0 == oid }?.1
    }

    /// The object identifier of a VDXP algorithm, or nil (RSA-PSS needs parameters VDXP does not write).
    static func objectIdentifier(_ algorithm: SignatureAlgorithm) -> ASN1ObjectIdentifier? {
        Self.algorithms.first { $0.1 == algorithm }?.0
    }
}
