public import Foundation
import SwiftASN1
import VDXPRuntime
public import VDXPTrust
import X509

/// The development PKI that `vdxp dev up` and the tests run on, generated in-process (no `openssl`).
///
/// ``generate(in:services:operators:auditors:members:now:)`` writes this tree of PEM files (keys are PKCS #8, mode 0600):
///
/// | file | key | issued by | subject | usage | validity |
/// |---|---|---|---|---|---|
/// | `platform-ca.pem`, `platform-ca-key.pem` | EC P-256 | itself | `CN=VDXP Development Platform CA, OU=VDXP Platform, O=VDXP` | CA, `keyCertSign, cRLSign` | 10 years |
/// | `member-ca.pem`, `member-ca-key.pem` | EC P-384 | itself | `CN=VDXP Development Member CA, OU=Simulated Government CA, O=VDXP Development` | CA, `keyCertSign, cRLSign` | 10 years |
/// | `configuration-signing.pem`, `configuration-signing-key.pem` | EC P-256 | platform CA | `CN=VDXP Configuration Signing, OU=VDXP Platform, O=VDXP` | `digitalSignature` | 1 year |
/// | `services/<name>.pem`, `services/<name>-key.pem` | EC P-256 | platform CA | `CN=service:<name>, OU=VDXP Platform, O=VDXP` | `digitalSignature`; `serverAuth, clientAuth`; SANs below | 1 year |
/// | `operators/<name>.pem`, `operators/<name>-key.pem` | EC P-256 | platform CA | `CN=operator:<name>, OU=VDXP Platform, O=VDXP` | `digitalSignature`; `clientAuth` | 1 year |
/// | `auditors/<name>.pem`, `auditors/<name>-key.pem` | EC P-256 | platform CA | `CN=auditor:<name>, OU=VDXP Platform, O=VDXP` | `digitalSignature`; `clientAuth` | 1 year |
/// | `members/<id>/connection.pem`, `connection-key.pem` | EC P-256 | member CA | `CN=<id> connection, O=<name>` | `digitalSignature`; `clientAuth` | 1 year |
/// | `members/<id>/signing.pem`, `signing-key.pem` | per algorithm | member CA | `CN=<id> seal, O=<name>` | `digitalSignature, nonRepudiation` | 1 year |
/// | `members/<id>/signing-chain.pem` | | | signing certificate, then the member CA | | |
/// | `members/<id>/signer.pem`, `signer-key.pem` | EC P-256 | member CA | `CN=<signer full name>, O=<name>` | `digitalSignature, nonRepudiation` | 1 year |
/// | `members/<id>/signer-chain.pem` | | | signer certificate, then the member CA | | |
///
/// The member CA simulates the specialised government CA (trusted as AUTHORITY_CATEGORY_GOVERNMENT: the development
/// members are State agencies, Art. 6.5) and issues CRLs on demand: ``memberRevocationList(_:revoking:number:now:)``.
///
/// A service certificate names `localhost`, `<name>`, `vdxp-<name>`, `vdxp-<name>.vdxp.svc`,
/// `vdxp-<name>.vdxp.svc.cluster.local`, `127.0.0.1` and `::1`, so the same files work for local processes, compose
/// and Kubernetes. Certificate files hold the leaf only: the CAs are distributed separately.
///
/// Generation is idempotent, so rerunning `vdxp dev up` keeps certificates (and their fingerprints) stable:
/// an existing, unexpired CA is reused, and an existing leaf is kept as long as its key matches, it was signed by
/// the current CA, its subject and key type are still the ones asked for, and it is valid for at least another
/// 30 days. Anything missing or stale is issued anew. Files are replaced atomically.
public enum DevelopmentPKI {
    /// How long the two CAs are valid: 10 years.
    public static let authorityValidity: TimeInterval = 3_652 * 86_400

    /// How long leaf certificates are valid: 1 year.
    public static let leafValidity: TimeInterval = 365 * 86_400

    /// A leaf with less validity than this left is reissued: 30 days.
    public static let renewalMargin: TimeInterval = 30 * 86_400

    /// How far back certificates are dated, to tolerate clock skew between processes: 1 hour.
    static let backdating: TimeInterval = 3_600

    /// Generates (or completes) the development PKI.
    ///
    /// - Parameters:
    ///   - directory: Where to write; created if needed. Paths in the result are absolute.
    ///   - services: Service names, e.g. `["central", "exchange"]`: lowercase DNS labels.
    ///   - operators: Operator names, e.g. `["admin"]`: letters, digits, `.`, `-`, `_`.
    ///   - auditors: Platform auditor names, e.g. `["inspector"]`, the same way.
    ///   - members: Member organisations.
    ///   - now: The current time (tests pass a fixed one).
    /// - Returns: The path of every file.
    /// - Throws: ``TrustError/Code/invalidArgument`` for a name that cannot be used (or a duplicate),
    ///   ``TrustError/Code/fileAccess`` if files cannot be written, and the errors of reading existing files
    ///   (delete the directory to start over).
    public static func generate(
        in directory: String,
        services: [String],
        operators: [String],
        auditors: [String] = [],
        members: [DevelopmentMember],
        now: Date = Date()
    ) throws(TrustError) -> DevelopmentPKIPaths {
        try self.checkNames(services, what: "service", allowed: .dnsLabel)
        try self.checkNames(operators, what: "operator", allowed: .fileName)
        try self.checkNames(auditors, what: "auditor", allowed: .fileName)
        try self.checkNames(members.map(\.organisationID), what: "organisation id", allowed: .fileName)

        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        func path(_ components: String...) -> String {
            ([root] + components).joined(separator: "/")
        }
        try PrivateFile.createDirectory(root)

        let platformCA = try self.authority(
            certificatePath: path("platform-ca.pem"),
            keyPath: path("platform-ca-key.pem"),
            subject: try self.name(organisation: "VDXP", unit: "VDXP Platform", common: "VDXP Development Platform CA"),
            keyType: .p256,
            now: now
        )
        let memberCA = try self.authority(
            certificatePath: path("member-ca.pem"),
            keyPath: path("member-ca-key.pem"),
            subject: try self.name(
                organisation: "VDXP Development",
                unit: "Simulated Government CA",
                common: "VDXP Development Member CA"
            ),
            keyType: .p384,
            now: now
        )

        let configurationSigning = DevelopmentPKIPaths.Identity(
            certificate: path("configuration-signing.pem"),
            key: path("configuration-signing-key.pem")
        )
        try self.leaf(
            LeafSpecification(
                subject: try self.name(
                    organisation: "VDXP", unit: "VDXP Platform", common: "VDXP Configuration Signing"),
                keyType: .p256,
                keyUsage: KeyUsage(digitalSignature: true)
            ),
            at: configurationSigning,
            issuedBy: platformCA,
            now: now
        )

        var servicePaths: [String: DevelopmentPKIPaths.Identity] = [:]
        if !services.isEmpty {
            try PrivateFile.createDirectory(path("services"))
        }
        for service in services {
            let paths = DevelopmentPKIPaths.Identity(
                certificate: path("services", "\(service).pem"),
                key: path("services", "\(service)-key.pem")
            )
            try self.leaf(
                LeafSpecification(
                    subject: try self.name(organisation: "VDXP", unit: "VDXP Platform", common: "service:\(service)"),
                    keyType: .p256,
                    keyUsage: KeyUsage(digitalSignature: true),
                    extendedKeyUsage: [.serverAuth, .clientAuth],
                    subjectAlternativeNames: self.serviceNames(service)
                ),
                at: paths,
                issuedBy: platformCA,
                now: now
            )
            servicePaths[service] = paths
        }

        /// Client certificates of platform people: `<directory>/<name>.pem`, `CN=<prefix>:<name>`.
        func platformPeople(_ names: [String], directory: String, prefix: String) throws(TrustError)
            -> [String: DevelopmentPKIPaths.Identity]
        {
            var paths: [String: DevelopmentPKIPaths.Identity] = [:]
            if !names.isEmpty { try PrivateFile.createDirectory(path(directory)) }
            for name in names {
                let identity = DevelopmentPKIPaths.Identity(
                    certificate: path(directory, "\(name).pem"), key: path(directory, "\(name)-key.pem"))
                try self.leaf(
                    LeafSpecification(
                        subject: try self.name(
                            organisation: "VDXP", unit: "VDXP Platform", common: "\(prefix):\(name)"),
                        keyType: .p256,
                        keyUsage: KeyUsage(digitalSignature: true),
                        extendedKeyUsage: [.clientAuth]
                    ),
                    at: identity,
                    issuedBy: platformCA,
                    now: now
                )
                paths[name] = identity
            }
            return paths
        }
        let operatorPaths = try platformPeople(operators, directory: "operators", prefix: "operator")
        let auditorPaths = try platformPeople(auditors, directory: "auditors", prefix: "auditor")

        var memberPaths: [String: DevelopmentPKIPaths.Member] = [:]
        for member in members {
            let id = member.organisationID
            try PrivateFile.createDirectory(path("members", id))
            let connection = DevelopmentPKIPaths.Identity(
                certificate: path("members", id, "connection.pem"),
                key: path("members", id, "connection-key.pem")
            )
            try self.leaf(
                LeafSpecification(
                    subject: try self.name(organisation: member.name, common: "\(id) connection"),
                    keyType: .p256,
                    keyUsage: KeyUsage(digitalSignature: true),
                    extendedKeyUsage: [.clientAuth]
                ),
                at: connection,
                issuedBy: memberCA,
                now: now
            )
            let signing = DevelopmentPKIPaths.Identity(
                certificate: path("members", id, "signing.pem"),
                key: path("members", id, "signing-key.pem")
            )
            let signingCertificate = try self.leaf(
                LeafSpecification(
                    subject: try self.name(organisation: member.name, common: "\(id) seal"),
                    keyType: member.signingAlgorithm.keyType,
                    rsaKeySize: member.signingAlgorithm.digest == .sha256 ? 2048 : 3072,
                    keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true)
                ),
                at: signing,
                issuedBy: memberCA,
                now: now
            )
            let signingChain = path("members", id, "signing-chain.pem")
            try self.writeIfChanged(
                PEM.pemString(for: [signingCertificate, memberCA.issuer.certificate]),
                to: signingChain
            )
            let signer = DevelopmentPKIPaths.Identity(
                certificate: path("members", id, "signer.pem"),
                key: path("members", id, "signer-key.pem")
            )
            let signerCertificate = try self.leaf(
                LeafSpecification(
                    subject: try self.name(organisation: member.name, common: member.signerFullName),
                    keyType: .p256,
                    keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true)
                ),
                at: signer,
                issuedBy: memberCA,
                now: now
            )
            let signerChain = path("members", id, "signer-chain.pem")
            try self.writeIfChanged(
                PEM.pemString(for: [signerCertificate, memberCA.issuer.certificate]),
                to: signerChain
            )
            memberPaths[id] = DevelopmentPKIPaths.Member(
                connectionCertificate: connection.certificate,
                connectionKey: connection.key,
                signingCertificate: signing.certificate,
                signingChain: signingChain,
                signingKey: signing.key,
                signingAlgorithm: member.signingAlgorithm,
                signerCertificate: signer.certificate,
                signerChain: signerChain,
                signerKey: signer.key
            )
        }

        return DevelopmentPKIPaths(
            directory: root,
            platformCA: path("platform-ca.pem"),
            platformCAKey: path("platform-ca-key.pem"),
            memberCA: path("member-ca.pem"),
            memberCAKey: path("member-ca-key.pem"),
            configurationSigningCertificate: configurationSigning.certificate,
            configurationSigningKey: configurationSigning.key,
            services: servicePaths,
            operators: operatorPaths,
            auditors: auditorPaths,
            members: memberPaths
        )
    }

    /// The DNS names and IP addresses of a service certificate.
    static func serviceNames(_ service: String) -> [GeneralName] {
        let loopbackIPv4: [UInt8] = [127, 0, 0, 1]
        let loopbackIPv6: [UInt8] = Array(repeating: 0, count: 15) + [1]
        return [
            .dnsName("localhost"),
            .dnsName(service),
            .dnsName("vdxp-\(service)"),
            .dnsName("vdxp-\(service).vdxp.svc"),
            .dnsName("vdxp-\(service).vdxp.svc.cluster.local"),
            .ipAddress(ASN1OctetString(contentBytes: loopbackIPv4[...])),
            .ipAddress(ASN1OctetString(contentBytes: loopbackIPv6[...])),
        ]
    }

    /// A distinguished name `CN=common, OU=unit, O=organisation` (OU left out when `nil`).
    static func name(organisation: String, unit: String? = nil, common: String) throws(TrustError) -> DistinguishedName
    {
        do {
            return try DistinguishedName {
                OrganizationName(organisation)
                if let unit {
                    OrganizationalUnitName(unit)
                }
                CommonName(common)
            }
        } catch {
            throw TrustError(
                code: .invalidArgument,
                message: "Cannot build the name CN=\(common), O=\(organisation).",
                cause: error
            )
        }
    }
}
