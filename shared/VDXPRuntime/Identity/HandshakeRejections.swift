import Foundation
public import Logging
public import Metrics
import Synchronization
import VDXPTrust
import X509

/// What the operator learns of client certificates refused at the TLS handshake — the one refusal that never reaches
/// an RPC, so that neither the RPC log nor `vdxp_rpc_requests_total` shows it. "Why can member X not connect?" is
/// answered by `vdxp_tls_client_rejections_total{reason}` (alert `VDXPConnectionsRefused` covers the listener's own
/// limits) and by a warning naming the refused certificate by its SHA-256 fingerprint and issuer, with the
/// validator's reason (which names the certificate's subject: a connection certificate is issued to a system, not to
/// a person), never the certificate itself.
///
/// The warning is written at most once per ``logInterval``, with how many refusals it left unwritten: a client that
/// retries a refused handshake in a loop, or one that means harm, cannot flood the log.
public final class HandshakeRejections: Sendable {
    /// The shortest time between two warnings.
    public static let logInterval: Duration = .seconds(10)

    private let logger: Logger?
    private let factory: any MetricsFactory
    private let lastLogged = Mutex<(at: ContinuousClock.Instant?, unwritten: Int)>((nil, 0))

    /// Reports to `logger` (nothing is logged without one) and to `factory`'s metrics (the process's by default).
    public init(logger: Logger?, factory: any MetricsFactory = MetricsSystem.factory) {
        self.logger = logger
        self.factory = factory
    }

    /// Why a handshake's certificate was refused.
    enum Reason: String {
        /// No certificate, or more than `PeerCertificateVerifier.maximumChainLength`.
        case chainLength = "chain_length"
        /// A certificate that is not DER X.509.
        case unparsable
        /// The validator refused the chain (`TrustError.Code`).
        case untrustedChain = "untrusted_chain"
        case expired
        case notYetValid = "not_yet_valid"
        case usageNotAllowed = "usage_not_allowed"
        case revoked
        case other

        init(_ code: TrustError.Code) {
            self =
                switch code {
                case .untrustedChain: .untrustedChain
                case .expired: .expired
                case .notYetValid: .notYetValid
                case .usageNotAllowed: .usageNotAllowed
                case .revoked: .revoked
                default: .other
                }
        }
    }

    /// Counts a refused handshake and, unless one was written less than ``logInterval`` ago, warns of it.
    func refused(_ reason: Reason, leaf: Certificate?, detail: String) {
        Counter(label: "vdxp_tls_client_rejections_total", dimensions: [("reason", reason.rawValue)], factory: factory)
            .increment()
        guard let logger else { return }
        let now = ContinuousClock.now
        let unwritten: Int? = lastLogged.withLock { state in
            if let last = state.at, now - last < Self.logInterval {
                state.unwritten += 1
                return nil
            }
            defer { state = (now, 0) }
            return state.unwritten
        }
        guard let unwritten else { return }
        var metadata: Logger.Metadata = ["reason": "\(reason.rawValue)", "detail": "\(detail.prefix(500))"]
        if let leaf {
            metadata["cert_fingerprint"] = "\(CertificateFingerprint.sha256(of: leaf))"
            metadata["issuer"] = "\(leaf.issuer)"
            metadata["not_after"] = "\(leaf.notValidAfter)"
        }
        if unwritten > 0 { metadata["refusals_not_logged"] = "\(unwritten)" }
        logger.warning(
            """
            a client certificate was refused at the TLS handshake: the member's system cannot connect until its chain \
            ends at a CA the global configuration trusts, is valid now and allows client authentication
            """, metadata: metadata)
    }
}
