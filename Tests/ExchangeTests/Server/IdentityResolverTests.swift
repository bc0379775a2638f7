import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// A member's connection stays open for days; what the TLS handshake checked once is checked again at every call
/// (`IdentityResolver`): the chain's validity now, the revocation of any certificate of it, and its trusted authority.
@Suite("Identity at every call, on a connection that stays open")
struct IdentityResolverTests {
    static let member = "000.00.00.H26"
    static let root = try! CertificateIssuer.selfSignedAuthority(
        subject: DistinguishedName { CommonName("CA gốc") }, key: SigningKey(generating: .p256))
    static let intermediateKey = try! SigningKey(generating: .p256)
    static let intermediate = try! root.issue(
        publicKey: intermediateKey.publicKey, subject: DistinguishedName { CommonName("CA trung gian") },
        keyUsage: KeyUsage(keyCertSign: true, cRLSign: true), isCertificateAuthority: true)
    static let leaf = try! CertificateIssuer(certificate: intermediate, key: intermediateKey).issue(
        publicKey: SigningKey(generating: .p256).publicKey,
        subject: DistinguishedName {
            OrganizationName("UBND Thành phố Hà Nội")
            CommonName(member)
        },
        keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth],
        notValidAfter: Date().addingTimeInterval(3600))
    static let chain = [leaf, intermediate, root.certificate]

    /// A resolver whose configuration trusts `authorities` and registers the leaf to the member.
    static func resolver(
        trusting authorities: [Certificate] = [root.certificate], revokingIntermediate: Bool = false
    ) throws -> IdentityResolver {
        let configuration = Vdxp_Central_V1_GlobalConfiguration.with {
            $0.version = 1
            $0.expireTime = .init(date: Date().addingTimeInterval(86_400))
            $0.trustedAuthorities = authorities.map { authority in
                .with { $0.certificateDer = Data(authority.derEncodedBytes) }
            }
            $0.members = [
                .with {
                    $0.organisationID = member
                    $0.displayName = "UBND Thành phố Hà Nội"
                    $0.kind = .stateAgency
                    $0.state = .official
                    $0.certificates = [
                        .with {
                            $0.fingerprintSha256 = CertificateFingerprint.sha256(of: leaf)
                            $0.usage = .connection
                        }
                    ]
                }
            ]
            if revokingIntermediate {
                $0.revocationLists = [
                    .with {
                        $0.authorityFingerprintSha256 = CertificateFingerprint.sha256(of: root.certificate)
                        $0.revokedSerialNumbers = [RevokedCertificates.serialHex(intermediate.serialNumber)]
                    }
                ]
            }
        }
        let store = GlobalConfigurationStore()
        store.update(
            try GlobalConfigurationSnapshot(verified: .with { $0.configuration = try configuration.serializedBytes() }))
        return IdentityResolver(
            platformCAs: [oldPlatformCA.certificate, newPlatformCA.certificate], configuration: store)
    }

    /// The platform CAs side by side, as during a rotation (docs/operations.md §5.1).
    static let oldPlatformCA = try! CertificateIssuer.selfSignedAuthority(
        subject: DistinguishedName { CommonName("VDXP Platform CA 2026") }, key: SigningKey(generating: .p256))
    static let newPlatformCA = try! CertificateIssuer.selfSignedAuthority(
        subject: DistinguishedName { CommonName("VDXP Platform CA 2027") }, key: SigningKey(generating: .p256))

    /// The refusal of a call by the leaf over the chain, at `now`.
    static func refusal(_ resolver: IdentityResolver, at now: Date = Date()) -> RPCError? {
        do {
            _ = try resolver.resolve(leaf: leaf, validatedChain: chain, at: now)
            return nil
        } catch {
            return error
        }
    }

    @Test("a registered, valid, unrevoked chain to a trusted authority is the member")
    func member() throws {
        #expect(
            try Self.resolver().resolve(leaf: Self.leaf, validatedChain: Self.chain)
                == .member(
                    organisationID: Self.member))
    }

    @Test("during a platform CA rotation an operator certificate of either CA of the bundle is the operator")
    func platformCARotation() throws {
        let resolver = try Self.resolver()
        for authority in [Self.oldPlatformCA, Self.newPlatformCA] {
            let operatorCertificate = try authority.issue(
                publicKey: SigningKey(generating: .p256).publicKey,
                subject: DistinguishedName {
                    OrganizationName("VDXP")
                    OrganizationalUnitName("VDXP Platform")
                    CommonName("operator:lan")
                },
                keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth])
            #expect(
                try resolver.resolve(
                    leaf: operatorCertificate, validatedChain: [operatorCertificate, authority.certificate])
                    == .operator(name: "lan"))
        }
    }

    @Test("a connection certificate that expired while the connection stayed open is refused at the next call")
    func expiredOnAnOpenConnection() throws {
        let refusal = Self.refusal(try Self.resolver(), at: Date().addingTimeInterval(7200))
        #expect(refusal?.code == .unauthenticated)
        #expect(refusal?.message.contains("not now") == true, "\(String(describing: refusal))")
    }

    @Test("a revoked intermediate authority refuses the connection certificates under it")
    func revokedIntermediate() throws {
        let refusal = Self.refusal(try Self.resolver(revokingIntermediate: true))
        #expect(refusal?.code == .unauthenticated)
        #expect(refusal?.message.contains("CA trung gian") == true, "\(String(describing: refusal))")
    }

    @Test("an authority retired from the trust list since the handshake refuses the connection")
    func retiredAuthority() throws {
        let refusal = Self.refusal(try Self.resolver(trusting: []))
        #expect(refusal?.code == .unauthenticated)
        #expect(refusal?.message.contains("no longer trusted") == true, "\(String(describing: refusal))")
    }
}
