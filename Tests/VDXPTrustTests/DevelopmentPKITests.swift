import Crypto
import Foundation
import Testing
import VDXPDevelopment
import VDXPTrust
import X509

@Suite("The development PKI")
struct DevelopmentPKITests {
    static let members = [
        DevelopmentMember(organisationID: "000.00.00.G22", name: "Bộ Nội vụ", signingAlgorithm: .rsaPSSSHA256),
        DevelopmentMember(
            organisationID: "000.00.01.H29", name: "UBND Thành phố Hà Nội", signingAlgorithm: .ecdsaP384SHA384),
    ]

    /// Generates into a new temporary directory, runs `body`, and removes the directory.
    func withGeneratedPKI(_ body: (DevelopmentPKIPaths) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-pki-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try DevelopmentPKI.generate(
            in: directory,
            services: ["central", "exchange"],
            operators: ["admin"],
            members: Self.members
        )
        try await body(paths)
    }

    func certificate(_ path: String) throws -> Certificate {
        try #require(try PEM.loadCertificateChain(pemFile: path).first)
    }

    @Test("every file is written where the paths say")
    func filesExist() async throws {
        try await withGeneratedPKI { paths in
            var files = [
                paths.platformCA, paths.platformCAKey, paths.memberCA, paths.memberCAKey,
                paths.configurationSigningCertificate, paths.configurationSigningKey,
            ]
            for identity in paths.services.values.sorted(by: { $0.certificate < $1.certificate })
                + paths.operators.values.sorted(by: { $0.certificate < $1.certificate })
            {
                files += [identity.certificate, identity.key]
            }
            for member in paths.members.values {
                files += [
                    member.connectionCertificate, member.connectionKey, member.signingCertificate, member.signingChain,
                    member.signingKey,
                ]
            }
            for file in files {
                #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            }
            #expect(paths.services["central"]?.certificate == paths.directory + "/services/central.pem")
            #expect(
                paths.members["000.00.00.G22"]?.signingChain == paths.directory
                    + "/members/000.00.00.G22/signing-chain.pem")
        }
    }

    @Test("private key files have mode 0600")
    func keyFileModes() async throws {
        try await withGeneratedPKI { paths in
            var keys = [paths.platformCAKey, paths.memberCAKey, paths.configurationSigningKey]
            keys += paths.services.values.map(\.key) + paths.operators.values.map(\.key)
            keys += paths.members.values.flatMap { [$0.connectionKey, $0.signingKey] }
            for key in keys {
                let attributes = try FileManager.default.attributesOfItem(atPath: key)
                let mode = try #require(attributes[.posixPermissions] as? NSNumber).intValue
                #expect(mode == 0o600, "\(key) has mode \(String(mode, radix: 8))")
            }
        }
    }

    @Test("the CAs are a P-256 platform CA and a P-384 member CA, both CA:true for about ten years")
    func authorities() async throws {
        try await withGeneratedPKI { paths in
            let platform = try certificate(paths.platformCA)
            let member = try certificate(paths.memberCA)
            #expect(P256.Signing.PublicKey(platform.publicKey) != nil)
            #expect(P384.Signing.PublicKey(member.publicKey) != nil)
            for ca in [platform, member] {
                #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
                #expect(try ca.extensions.keyUsage?.keyCertSign == true)
                #expect(ca.notValidAfter.timeIntervalSince(ca.notValidBefore) > 9.9 * 365 * 86400)
            }
        }
    }

    @Test("a service certificate validates against the platform CA as server and client, with the expected names")
    func serviceCertificate() async throws {
        try await withGeneratedPKI { paths in
            let validator = CertificateChainValidator(trustedRoots: [try certificate(paths.platformCA)])
            let central = try certificate(try #require(paths.services["central"]).certificate)

            #expect(await validator.validate(leafFirst: [central], at: Date(), purpose: .serverAuthentication).isValid)
            #expect(await validator.validate(leafFirst: [central], at: Date(), purpose: .clientAuthentication).isValid)
            #expect(central.subject.description.contains("CN=service:central"))
            #expect(central.subject.description.contains("OU=VDXP Platform"))

            let names = try #require(try central.extensions.subjectAlternativeNames)
            #expect(names.contains(.dnsName("localhost")))
            #expect(names.contains(.dnsName("vdxp-central.vdxp.svc.cluster.local")))
            #expect(names.count == 7)

            // Not trusted by the member CA.
            let memberValidator = CertificateChainValidator(trustedRoots: [try certificate(paths.memberCA)])
            #expect(
                await memberValidator.validate(leafFirst: [central], at: Date(), purpose: .any).error?.code
                    == .untrustedChain)
        }
    }

    @Test("an operator certificate is a platform client identity")
    func operatorCertificate() async throws {
        try await withGeneratedPKI { paths in
            let validator = CertificateChainValidator(trustedRoots: [try certificate(paths.platformCA)])
            let admin = try certificate(try #require(paths.operators["admin"]).certificate)
            #expect(await validator.validate(leafFirst: [admin], at: Date(), purpose: .clientAuthentication).isValid)
            #expect(
                await validator.validate(leafFirst: [admin], at: Date(), purpose: .serverAuthentication).error?.code
                    == .usageNotAllowed)
            #expect(admin.subject.description.contains("CN=operator:admin"))
        }
    }

    @Test("a member connection certificate validates against the member CA for client authentication")
    func memberConnection() async throws {
        try await withGeneratedPKI { paths in
            let validator = CertificateChainValidator(trustedRoots: [try certificate(paths.memberCA)])
            let member = try #require(paths.members["000.00.00.G22"])
            let connection = try certificate(member.connectionCertificate)

            let chain = try await validator.validate(
                leafFirst: [connection], at: Date(), purpose: .clientAuthentication
            ).get()
            #expect(chain.count == 2)
            #expect(connection.subject.description.contains("CN=000.00.00.G22 connection"))
            #expect(connection.subject.description.contains("O=Bộ Nội vụ"))
        }
    }

    @Test("a member signs with its signing key and the signature verifies with its signing chain", arguments: [0, 1])
    func memberSigning(memberIndex: Int) async throws {
        try await withGeneratedPKI { paths in
            let description = Self.members[memberIndex]
            let member = try #require(paths.members[description.organisationID])
            #expect(member.signingAlgorithm == description.signingAlgorithm)

            let key = try PEM.loadSigningKey(pemFile: member.signingKey)
            #expect(key.keyType == description.signingAlgorithm.keyType)
            let chain = try PEM.loadCertificateChain(pemFile: member.signingChain)
            #expect(chain.count == 2)
            #expect(chain[1] == (try certificate(paths.memberCA)))

            let validator = CertificateChainValidator(trustedRoots: [chain[1]])
            let validated = try await validator.validate(leafFirst: chain, at: Date(), purpose: .documentSigning).get()
            #expect(try validated[0].extensions.keyUsage == KeyUsage(digitalSignature: true, nonRepudiation: true))

            let header = Array("DocumentHeader bytes".utf8)
            let signature = try key.sign(header, algorithm: member.signingAlgorithm)
            try verifySignature(
                signature, over: header, algorithm: member.signingAlgorithm, publicKey: validated[0].publicKey)
        }
    }

    @Test("the configuration signing certificate is issued by the platform CA for signing")
    func configurationSigning() async throws {
        try await withGeneratedPKI { paths in
            let validator = CertificateChainValidator(trustedRoots: [try certificate(paths.platformCA)])
            let anchor = try certificate(paths.configurationSigningCertificate)
            #expect(await validator.validate(leafFirst: [anchor], at: Date(), purpose: .documentSigning).isValid)
            let key = try PEM.loadSigningKey(pemFile: paths.configurationSigningKey)
            #expect(key.publicKey == anchor.publicKey)
        }
    }

    @Test("running again keeps the CAs and every leaf unchanged, and reissues only what is missing")
    func idempotent() async throws {
        try await withGeneratedPKI { paths in
            func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
            let platformCA = try contents(paths.platformCA)
            let memberCA = try contents(paths.memberCA)
            let platformCAKey = try contents(paths.platformCAKey)
            let central = try contents(try #require(paths.services["central"]).certificate)
            let exchange = try #require(paths.services["exchange"])
            let exchangeCertificate = try contents(exchange.certificate)
            try FileManager.default.removeItem(atPath: exchange.key)

            let again = try DevelopmentPKI.generate(
                in: paths.directory,
                services: ["central", "exchange", "search"],
                operators: ["admin"],
                members: Self.members
            )

            #expect(again.platformCA == paths.platformCA)
            #expect(try contents(again.platformCA) == platformCA)
            #expect(try contents(again.platformCAKey) == platformCAKey)
            #expect(try contents(again.memberCA) == memberCA)
            #expect(try contents(try #require(again.services["central"]).certificate) == central)
            // A leaf whose key was lost is issued anew, with a key that matches.
            #expect(try contents(exchange.certificate) != exchangeCertificate)
            #expect(
                try PEM.loadSigningKey(pemFile: exchange.key).publicKey == certificate(exchange.certificate).publicKey)
            // A new service is added.
            #expect(FileManager.default.fileExists(atPath: try #require(again.services["search"]).certificate))
        }
    }

    @Test("changing a member's algorithm from RSA to ECDSA reissues its signing certificate only")
    func changedAlgorithm() async throws {
        try await withGeneratedPKI { paths in
            let member = try #require(paths.members["000.00.00.G22"])
            let connection = try String(contentsOfFile: member.connectionCertificate, encoding: .utf8)
            var members = Self.members
            members[0].signingAlgorithm = .ecdsaP256SHA256

            let again = try DevelopmentPKI.generate(in: paths.directory, services: [], operators: [], members: members)

            #expect(try PEM.loadSigningKey(pemFile: member.signingKey).keyType == .p256)
            #expect(again.members["000.00.00.G22"]?.signingAlgorithm == .ecdsaP256SHA256)
            #expect(try String(contentsOfFile: member.connectionCertificate, encoding: .utf8) == connection)
        }
    }

    @Test("the paths encode as JSON with snake_case keys")
    func json() async throws {
        try await withGeneratedPKI { paths in
            let data = try JSONEncoder().encode(paths)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["platform_ca"] as? String == paths.platformCA)
            #expect(object["configuration_signing_certificate"] as? String == paths.configurationSigningCertificate)
            let services = try #require(object["services"] as? [String: [String: String]])
            #expect(services["central"]?["certificate"] == paths.services["central"]?.certificate)
            let members = try #require(object["members"] as? [String: [String: String]])
            #expect(members["000.00.00.G22"]?["signing_algorithm"] == "rsa-pss-sha256")
            #expect(members["000.00.00.G22"]?["connection_key"] == paths.members["000.00.00.G22"]?.connectionKey)

            #expect(try JSONDecoder().decode(DevelopmentPKIPaths.self, from: data) == paths)
        }
    }

    @Test(
        "names that cannot be file or DNS names are refused",
        arguments: [
            (["Central"], [String](), "000.00.00.G22"),
            (["central"], ["../admin"], "000.00.00.G22"),
            (["central"], ["admin"], ".hidden"),
            (["central", "central"], ["admin"], "000.00.00.G22"),
        ])
    func invalidNames(services: [String], operators: [String], organisationID: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-pki-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = #expect(throws: TrustError.self) {
            try DevelopmentPKI.generate(
                in: directory,
                services: services,
                operators: operators,
                members: [
                    DevelopmentMember(organisationID: organisationID, name: "X", signingAlgorithm: .ecdsaP256SHA256)
                ]
            )
        }
        #expect(error?.code == .invalidArgument)
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
