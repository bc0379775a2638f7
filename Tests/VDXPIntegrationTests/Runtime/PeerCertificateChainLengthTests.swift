import Foundation
import NIOSSL
import SwiftASN1
import Testing
import VDXPTrust
import X509

@testable import VDXPRuntime

/// The TLS handshake's certificate check runs before the caller is known: a chain longer than any the platform
/// issues is refused at once, so that no client can make the path search work for as long as it likes.
@Suite("The handshake refuses a chain of more than five certificates before searching it", .timeLimit(.minutes(2)))
struct PeerCertificateChainLengthTests {
    @Test("a leaf under four intermediates is verified; under five, the same kind of chain is refused")
    func chainLength() async throws {
        let root = try CertificateIssuer.selfSignedAuthority(
            subject: try DistinguishedName { CommonName("VDXP test root") }, key: try SigningKey(generating: .p256))
        let verifier = PeerCertificateVerifier(
            platformCAs: [root.certificate], configuration: GlobalConfigurationStore())

        #expect(try await Self.verified(try Self.chain(under: root, intermediates: 4), by: verifier))
        #expect(try await !Self.verified(try Self.chain(under: root, intermediates: 5), by: verifier))
        #expect(try await Self.verified(try Self.chain(under: root, intermediates: 0), by: verifier))
    }

    /// Whether `chain` (leaf first) passes the handshake's check.
    static func verified(_ chain: [Certificate], by verifier: PeerCertificateVerifier) async throws -> Bool {
        let presented = try chain.map { certificate in
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
        }
        if case .certificateVerified = await verifier.verify(presented) { return true }
        return false
    }

    /// A client certificate issued under `intermediates` authorities chained below `root`, leaf first, the root left
    /// out (a client presents what the server may not hold).
    static func chain(under root: CertificateIssuer, intermediates: Int) throws -> [Certificate] {
        var issuer = root
        var authorities: [Certificate] = []
        for level in 0..<intermediates {
            let key = try SigningKey(generating: .p256)
            let certificate = try issuer.issue(
                publicKey: key.publicKey, subject: try DistinguishedName { CommonName("VDXP test CA \(level + 1)") },
                keyUsage: KeyUsage(keyCertSign: true, cRLSign: true), isCertificateAuthority: true)
            issuer = try CertificateIssuer(certificate: certificate, key: key)
            authorities.insert(certificate, at: 0)
        }
        let key = try SigningKey(generating: .p256)
        let leaf = try issuer.issue(
            publicKey: key.publicKey, subject: try DistinguishedName { CommonName("service:exchange") },
            keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth])
        return [leaf] + authorities
    }
}
