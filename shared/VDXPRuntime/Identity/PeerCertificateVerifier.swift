import Foundation
public import NIOCore
public import NIOSSL
import SwiftASN1
import VDXPTrust
public import X509

/// Validates the certificate chain a client presents during the TLS handshake against the platform CA and the
/// trusted authorities of the last verified global configuration, so that a CA added in Central is trusted without a
/// restart and a removed one stops being trusted within one configuration refresh.
///
/// The handshake answers only "does this chain end at a CA the platform trusts"; whether the caller may do anything
/// is decided per call by ``IdentityInterceptor`` and ``IdentityResolver``. So once the held copy has expired
/// (Central unreachable for longer than its validity) the handshake keeps verifying against that last copy — still
/// the best knowledge of whom the platform trusts — and the call then reaches the resolver, which refuses it
/// UNAVAILABLE saying that the global configuration expired and what to do (``GlobalConfigurationError``), instead
/// of an opaque TLS failure. Nothing is let through by this: an expired copy never resolves a member, so no call
/// reaches a handler; a chain to a CA the last copy does not trust still fails the handshake; a certificate that
/// copy's CRLs revoke is still refused as revoked (UNAUTHENTICATED). Before the first copy arrives only the platform
/// CA is trusted.
///
/// A chain longer than ``maximumChainLength`` fails at once, before any path is searched: the search tries every
/// certificate presented as the issuer of every other, so a few hundred self-issued "intermediates" under one key
/// (what fits in a handshake) would keep the cores busy for as long as the client likes, before it is even known.
public struct PeerCertificateVerifier: Sendable {
    /// The most certificates a client may present: 5, the leaf and up to four authorities above it (as many as a
    /// document signature's chain, `SignatureEntry.certificate_chain`).
    public static let maximumChainLength = 5

    /// The platform CAs (service and operator certificates): one, or two side by side during a rotation.
    public let platformCAs: [Certificate]
    /// The held global configuration (trusted authorities).
    public let configuration: GlobalConfigurationStore

    /// Where refused handshakes are counted and logged.
    public let rejections: HandshakeRejections

    /// Creates a verifier; refusals go to `rejections` (counted, not logged, by default).
    public init(
        platformCAs: [Certificate], configuration: GlobalConfigurationStore,
        rejections: HandshakeRejections = HandshakeRejections(logger: nil)
    ) {
        self.platformCAs = platformCAs
        self.configuration = configuration
        self.rejections = rejections
    }

    /// The roots a presented chain may end at now: the platform CA and the trusted authorities of the last verified
    /// global configuration, expired or not (see the type's documentation for why an expired copy still counts here).
    public func trustedRoots() -> [Certificate] {
        platformCAs + (configuration.snapshot?.trustedAuthorities ?? [])
    }

    /// The callback for `TLSConfig.customVerificationCallback`.
    public var callback: @Sendable ([NIOSSLCertificate], EventLoopPromise<NIOSSLVerificationResultWithMetadata>) -> Void
    {
        { certificates, promise in
            promise.completeWithTask {
                await self.verify(certificates)
            }
        }
    }

    func verify(_ presented: [NIOSSLCertificate]) async -> NIOSSLVerificationResultWithMetadata {
        guard !presented.isEmpty, presented.count <= Self.maximumChainLength else {
            rejections.refused(
                .chainLength, leaf: nil,
                detail: "\(presented.count) certificates presented: 1 to \(Self.maximumChainLength) are accepted")
            return .failed
        }
        guard let chain = try? presented.map({ try Certificate(derEncoded: try $0.toDERBytes()) }) else {
            rejections.refused(.unparsable, leaf: nil, detail: "a presented certificate is not DER X.509")
            return .failed
        }
        let validator = CertificateChainValidator(trustedRoots: trustedRoots())
        switch await validator.validate(leafFirst: chain, at: Date(), purpose: .clientAuthentication) {
        case .validated(let validated):
            guard
                let nioChain = try? validated.map({
                    try NIOSSLCertificate(bytes: Array($0.derEncodedBytes), format: .der)
                })
            else { return .failed }
            return .certificateVerified(VerificationMetadata(ValidatedCertificateChain(nioChain)))
        case .rejected(let error):
            rejections.refused(.init(error.code), leaf: chain.first, detail: error.message)
            return .failed
        }
    }
}
