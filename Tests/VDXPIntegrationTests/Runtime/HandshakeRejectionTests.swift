import Foundation
import Logging
import Prometheus
import Testing
import VDXPDevelopment
import VDXPTrust
import X509

@testable import VDXPRuntime

/// A member's system refused at the TLS handshake never reaches an RPC: the refusal is counted by reason and logged
/// with the certificate's fingerprint, so that on call can answer "why can this member not connect?".
@Suite("Client certificates refused at the handshake are counted and logged", .timeLimit(.minutes(2)))
struct HandshakeRejectionTests {
    @Test(
        "a chain to an unknown CA and an over-long chain are each counted under their reason; one warning names the fingerprint, the next within 10 s is only counted"
    )
    func countedAndLogged() async throws {
        let platformRoot = try CertificateIssuer.selfSignedAuthority(
            subject: try DistinguishedName { CommonName("VDXP platform CA") }, key: try SigningKey(generating: .p256))
        let strangerRoot = try CertificateIssuer.selfSignedAuthority(
            subject: try DistinguishedName { CommonName("Unknown CA") }, key: try SigningKey(generating: .p256))
        let registry = PrometheusCollectorRegistry()
        let captured = CapturedLog()
        let verifier = PeerCertificateVerifier(
            platformCAs: [platformRoot.certificate], configuration: GlobalConfigurationStore(),
            rejections: HandshakeRejections(
                logger: captured.logger(level: .warning), factory: PrometheusMetricsFactory(registry: registry)))
        func exposition() -> String {
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }

        let stranger = try PeerCertificateChainLengthTests.chain(under: strangerRoot, intermediates: 0)
        #expect(try await !PeerCertificateChainLengthTests.verified(stranger, by: verifier))
        #expect(
            try await !PeerCertificateChainLengthTests.verified(
                try PeerCertificateChainLengthTests.chain(under: platformRoot, intermediates: 5), by: verifier))
        #expect(
            try await PeerCertificateChainLengthTests.verified(
                try PeerCertificateChainLengthTests.chain(under: platformRoot, intermediates: 0), by: verifier))

        let text = exposition()
        #expect(text.contains(#"vdxp_tls_client_rejections_total{reason="untrusted_chain"} 1"#), "\(text)")
        #expect(text.contains(#"vdxp_tls_client_rejections_total{reason="chain_length"} 1"#), "\(text)")
        let warnings = captured.lines.map(\.metadata)
        #expect(warnings.count == 1, "the second refusal came within 10 s: counted, not logged: \(warnings)")
        #expect(warnings.first?["reason"] == "untrusted_chain")
        #expect(warnings.first?["cert_fingerprint"] == CertificateFingerprint.sha256(of: stranger[0]))
        #expect(warnings.first?["issuer"]?.contains("Unknown CA") == true)
    }
}
