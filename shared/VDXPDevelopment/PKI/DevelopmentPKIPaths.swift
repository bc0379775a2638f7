public import VDXPTrust

/// Where ``DevelopmentPKI/generate(in:services:operators:auditors:members:now:)`` wrote each file (absolute paths).
///
/// Encoded as JSON (for `vdxp dev up` and scripts) it looks like:
///
/// ```json
/// {
///   "directory": "/…/pki",
///   "platform_ca": "/…/pki/platform-ca.pem",
///   "platform_ca_key": "/…/pki/platform-ca-key.pem",
///   "member_ca": "/…/pki/member-ca.pem",
///   "member_ca_key": "/…/pki/member-ca-key.pem",
///   "configuration_signing_certificate": "/…/pki/configuration-signing.pem",
///   "configuration_signing_key": "/…/pki/configuration-signing-key.pem",
///   "services": { "central": { "certificate": "/…/pki/services/central.pem", "key": "/…/pki/services/central-key.pem" } },
///   "operators": { "admin": { "certificate": "/…/pki/operators/admin.pem", "key": "/…/pki/operators/admin-key.pem" } },
///   "auditors": { "inspector": { "certificate": "/…/pki/auditors/inspector.pem", "key": "/…/pki/auditors/inspector-key.pem" } },
///   "members": {
///     "000.00.00.G22": {
///       "connection_certificate": "/…/pki/members/000.00.00.G22/connection.pem",
///       "connection_key": "/…/pki/members/000.00.00.G22/connection-key.pem",
///       "signing_certificate": "/…/pki/members/000.00.00.G22/signing.pem",
///       "signing_chain": "/…/pki/members/000.00.00.G22/signing-chain.pem",
///       "signing_key": "/…/pki/members/000.00.00.G22/signing-key.pem",
///       "signing_algorithm": "rsa-pss-sha256"
///     }
///   }
/// }
/// ```
public struct DevelopmentPKIPaths: Codable, Hashable, Sendable {
    /// A certificate (leaf only) and its private key.
    public struct Identity: Codable, Hashable, Sendable {
        /// The PEM certificate file.
        public var certificate: String
        /// The PEM private key file (mode 0600).
        public var key: String

        /// Creates the pair of paths.
        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// The files of one member organisation.
    public struct Member: Codable, Hashable, Sendable {
        /// The TLS client certificate the member connects with (issued by the member CA, `clientAuth`).
        public var connectionCertificate: String
        /// The private key of the connection certificate.
        public var connectionKey: String
        /// The document signing (seal) certificate (issued by the member CA, `digitalSignature, nonRepudiation`).
        public var signingCertificate: String
        /// The signing certificate followed by the member CA: the chain sent with each document.
        public var signingChain: String
        /// The private key of the signing certificate.
        public var signingKey: String
        /// The algorithm the member signs with.
        public var signingAlgorithm: SignatureAlgorithm
        /// The competent signer's personal certificate (`CN=<signer full name>`, issued by the member CA, ECDSA
        /// P-256, `digitalSignature, nonRepudiation`); absent in files written before it existed.
        public var signerCertificate: String?
        /// The signer's certificate followed by the member CA.
        public var signerChain: String?
        /// The signer's private key (sign with `ecdsa-p256-sha256`).
        public var signerKey: String?

        /// Creates the member's paths.
        public init(
            connectionCertificate: String,
            connectionKey: String,
            signingCertificate: String,
            signingChain: String,
            signingKey: String,
            signingAlgorithm: SignatureAlgorithm,
            signerCertificate: String? = nil,
            signerChain: String? = nil,
            signerKey: String? = nil
        ) {
            self.connectionCertificate = connectionCertificate
            self.connectionKey = connectionKey
            self.signingCertificate = signingCertificate
            self.signingChain = signingChain
            self.signingKey = signingKey
            self.signingAlgorithm = signingAlgorithm
            self.signerCertificate = signerCertificate
            self.signerChain = signerChain
            self.signerKey = signerKey
        }

        private enum CodingKeys: String, CodingKey {
            case connectionCertificate = "connection_certificate"
            case connectionKey = "connection_key"
            case signingCertificate = "signing_certificate"
            case signingChain = "signing_chain"
            case signingKey = "signing_key"
            case signingAlgorithm = "signing_algorithm"
            case signerCertificate = "signer_certificate"
            case signerChain = "signer_chain"
            case signerKey = "signer_key"
        }
    }

    /// The directory everything was written to.
    public var directory: String
    /// The platform CA certificate (`VDXP_PLATFORM_CA`).
    public var platformCA: String
    /// The platform CA's private key.
    public var platformCAKey: String
    /// The member CA certificate, standing in for the government CA; a trusted CA of the global configuration.
    public var memberCA: String
    /// The member CA's private key.
    public var memberCAKey: String
    /// The certificate whose key signs the global configuration (`VDXP_CONFIGURATION_ANCHOR`).
    public var configurationSigningCertificate: String
    /// The configuration signing key (`VDXP_CONFIGURATION_SIGNING_KEY`).
    public var configurationSigningKey: String
    /// Each service's TLS certificate and key, by service name.
    public var services: [String: Identity]
    /// Each operator's TLS client certificate and key, by operator name.
    public var operators: [String: Identity]
    /// Each platform auditor's TLS client certificate and key, by auditor name.
    public var auditors: [String: Identity]
    /// Each member's files, by organisation id.
    public var members: [String: Member]

    /// Creates the set of paths.
    public init(
        directory: String,
        platformCA: String,
        platformCAKey: String,
        memberCA: String,
        memberCAKey: String,
        configurationSigningCertificate: String,
        configurationSigningKey: String,
        services: [String: Identity],
        operators: [String: Identity],
        auditors: [String: Identity] = [:],
        members: [String: Member]
    ) {
        self.directory = directory
        self.platformCA = platformCA
        self.platformCAKey = platformCAKey
        self.memberCA = memberCA
        self.memberCAKey = memberCAKey
        self.configurationSigningCertificate = configurationSigningCertificate
        self.configurationSigningKey = configurationSigningKey
        self.services = services
        self.operators = operators
        self.auditors = auditors
        self.members = members
    }

    private enum CodingKeys: String, CodingKey {
        case directory
        case platformCA = "platform_ca"
        case platformCAKey = "platform_ca_key"
        case memberCA = "member_ca"
        case memberCAKey = "member_ca_key"
        case configurationSigningCertificate = "configuration_signing_certificate"
        case configurationSigningKey = "configuration_signing_key"
        case services
        case operators
        case auditors
        case members
    }

    /// Decodes the paths; a file written before platform auditors existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decode(String.self, forKey: .directory)
        platformCA = try container.decode(String.self, forKey: .platformCA)
        platformCAKey = try container.decode(String.self, forKey: .platformCAKey)
        memberCA = try container.decode(String.self, forKey: .memberCA)
        memberCAKey = try container.decode(String.self, forKey: .memberCAKey)
        configurationSigningCertificate = try container.decode(String.self, forKey: .configurationSigningCertificate)
        configurationSigningKey = try container.decode(String.self, forKey: .configurationSigningKey)
        services = try container.decode([String: Identity].self, forKey: .services)
        operators = try container.decode([String: Identity].self, forKey: .operators)
        auditors = try container.decodeIfPresent([String: Identity].self, forKey: .auditors) ?? [:]
        members = try container.decode([String: Member].self, forKey: .members)
    }
}
