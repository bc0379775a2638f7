import Foundation
import VDXPRuntime
import VDXPTrust
import X509

extension DevelopmentPKI {
    /// A CA loaded from disk or just created; leaves of a new CA are always reissued.
    struct Authority {
        var issuer: CertificateIssuer
        var isNew: Bool
    }

    /// What a leaf certificate must look like.
    struct LeafSpecification {
        var subject: DistinguishedName
        var keyType: SignatureAlgorithm.KeyType
        var rsaKeySize: Int = 2048
        var keyUsage: KeyUsage
        var extendedKeyUsage: [ExtendedKeyUsage.Usage] = []
        var subjectAlternativeNames: [GeneralName] = []
    }

    /// Which characters a name may use.
    enum NameRule {
        /// Lowercase letters, digits and inner hyphens: usable in DNS names.
        case dnsLabel
        /// Letters, digits, `.`, `-`, `_`, not starting with a dot: usable as a file or folder name.
        case fileName
    }

    static let privateKeyMode: mode_t = 0o600
    static let certificateMode: mode_t = 0o644

    /// Loads the CA at the given paths, or creates it if its certificate is missing or expired.
    static func authority(
        certificatePath: String,
        keyPath: String,
        subject: DistinguishedName,
        keyType: SignatureAlgorithm.KeyType,
        now: Date
    ) throws(TrustError) -> Authority {
        if PrivateFile.exists(certificatePath) {
            let existing = try self.loadPair(certificatePath: certificatePath, keyPath: keyPath)
            if existing.certificate.notValidAfter > now {
                try self.restrictKeyFile(keyPath)
                return Authority(issuer: existing, isNew: false)
            }
        }
        let key = try SigningKey(generating: keyType)
        let issuer = try CertificateIssuer.selfSignedAuthority(
            subject: subject,
            key: key,
            notValidBefore: now.addingTimeInterval(-self.backdating),
            notValidAfter: now.addingTimeInterval(self.authorityValidity)
        )
        // Key first: a certificate file on disk always has its key next to it.
        try PrivateFile.writeAtomically(key.pemRepresentation, to: keyPath, mode: self.privateKeyMode)
        try PrivateFile.writeAtomically(
            PEM.pemString(for: issuer.certificate), to: certificatePath, mode: self.certificateMode)
        return Authority(issuer: issuer, isNew: true)
    }

    /// Keeps the leaf at `paths` if it is still what `specification` asks for, otherwise issues and writes a new one.
    @discardableResult
    static func leaf(
        _ specification: LeafSpecification,
        at paths: DevelopmentPKIPaths.Identity,
        issuedBy authority: Authority,
        now: Date
    ) throws(TrustError) -> Certificate {
        if !authority.isNew,
            let existing = self.reusableLeaf(specification, at: paths, issuedBy: authority.issuer, now: now)
        {
            try self.restrictKeyFile(paths.key)
            return existing
        }
        let key = try SigningKey(generating: specification.keyType, rsaKeySize: specification.rsaKeySize)
        let certificate = try authority.issuer.issue(
            publicKey: key.publicKey,
            subject: specification.subject,
            keyUsage: specification.keyUsage,
            extendedKeyUsage: specification.extendedKeyUsage,
            subjectAlternativeNames: specification.subjectAlternativeNames,
            notValidBefore: now.addingTimeInterval(-self.backdating),
            notValidAfter: now.addingTimeInterval(self.leafValidity)
        )
        try PrivateFile.writeAtomically(key.pemRepresentation, to: paths.key, mode: self.privateKeyMode)
        try PrivateFile.writeAtomically(
            PEM.pemString(for: certificate), to: paths.certificate, mode: self.certificateMode)
        return certificate
    }

    /// The existing leaf at `paths`, if both files are readable, belong together, were issued by `issuer` for the
    /// same subject and key type, and stay valid for at least ``renewalMargin``.
    private static func reusableLeaf(
        _ specification: LeafSpecification,
        at paths: DevelopmentPKIPaths.Identity,
        issuedBy issuer: CertificateIssuer,
        now: Date
    ) -> Certificate? {
        guard PrivateFile.exists(paths.certificate), PrivateFile.exists(paths.key),
            let certificate = try? PEM.loadCertificateChain(pemFile: paths.certificate).first,
            let key = try? PEM.loadSigningKey(pemFile: paths.key)
        else {
            return nil
        }
        let stillFits =
            key.publicKey == certificate.publicKey
            && key.keyType == specification.keyType
            && certificate.subject == specification.subject
            && certificate.issuer == issuer.certificate.subject
            && issuer.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
            && certificate.notValidBefore <= now
            && certificate.notValidAfter > now.addingTimeInterval(self.renewalMargin)
        return stillFits ? certificate : nil
    }

    /// Loads a CA certificate and its key and checks that they belong together.
    private static func loadPair(certificatePath: String, keyPath: String) throws(TrustError) -> CertificateIssuer {
        guard PrivateFile.exists(keyPath) else {
            throw TrustError(
                code: .fileAccess,
                message: "'\(certificatePath)' exists but its key '\(keyPath)' does not. Restore the key, or delete "
                    + "the development PKI directory to generate a new one (every certificate will change)."
            )
        }
        let chain = try PEM.loadCertificateChain(pemFile: certificatePath)
        let key = try PEM.loadSigningKey(pemFile: keyPath)
        do {
            return try CertificateIssuer(certificate: chain[0], key: key)
        } catch {
            throw TrustError(
                code: error.code,
                message: "\(keyPath) is not the key of \(certificatePath). Delete the development PKI directory to "
                    + "generate a new one (every certificate will change).",
                cause: error
            )
        }
    }

    /// Narrows a reused key file to mode 0600 if it is wider.
    private static func restrictKeyFile(_ path: String) throws(TrustError) {
        if let mode = PrivateFile.mode(of: path), mode != self.privateKeyMode {
            try PrivateFile.setMode(self.privateKeyMode, of: path)
        }
    }

    /// Writes a certificate file unless it already has exactly this content.
    static func writeIfChanged(_ contents: String, to path: String) throws(TrustError) {
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), existing == contents {
            return
        }
        try PrivateFile.writeAtomically(contents, to: path, mode: self.certificateMode)
    }

    /// Refuses names that are empty, duplicated, or unusable as DNS labels or file names.
    static func checkNames(_ names: [String], what: String, allowed rule: NameRule) throws(TrustError) {
        var seen = Set<String>()
        for name in names {
            guard seen.insert(name).inserted else {
                throw TrustError(
                    code: .invalidArgument, message: "The \(what) '\(name)' is listed twice; list it once.")
            }
            let bytes = Array(name.utf8)
            let valid: Bool
            switch rule {
            case .dnsLabel:
                valid =
                    !bytes.isEmpty && bytes.count <= 63
                    && bytes.allSatisfy { Self.isLowercaseLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
                    && bytes.first != UInt8(ascii: "-") && bytes.last != UInt8(ascii: "-")
            case .fileName:
                valid =
                    !bytes.isEmpty && bytes.count <= 128 && bytes.first != UInt8(ascii: ".")
                    && bytes.allSatisfy { byte in
                        Self.isLowercaseLetterOrDigit(byte)
                            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    }
            }
            guard valid else {
                let expectation =
                    switch rule {
                    case .dnsLabel: "lowercase letters, digits and inner hyphens (a DNS label)"
                    case .fileName: "letters, digits, '.', '-' and '_', not starting with a dot"
                    }
                throw TrustError(
                    code: .invalidArgument,
                    message: "The \(what) '\(name)' cannot be used in the development PKI; use \(expectation)."
                )
            }
        }
    }

    private static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
