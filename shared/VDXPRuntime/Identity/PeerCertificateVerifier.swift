import Foundation
public import NIOCore
public import NIOSSL
import SwiftASN1
import VDXPTrust
public import X509

/// Validates the certificate chain a client presents during the TLS handshake against the platform CA and the
/// trusted authorities of the current global configuration, so that a CA added in Central is trusted without a
/// restart and a removed one stops being trusted within one configuration refresh.
public struct PeerCertificateVerifier: Sendable {
    /// The platform CA (service and operator certificates).
    public let platformCA: Certificate
    /// The held global configuration (trusted authorities).
    public let configuration: GlobalConfigurationStore

    /// Creates a verifier.
    public init(platformCA: Certificate, configuration: GlobalConfigurationStore) {
        self.platformCA = platformCA
        self.configuration = configuration
    }

    /// The roots a presented chain may end at now.
    public func trustedRoots() -> [Certificate] {
        [platformCA] + (configuration.current()?.trustedAuthorities ?? [])
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
        guard !presented.isEmpty,
            let chain = try? presented.map({ try Certificate(derEncoded: try $0.toDERBytes()) })
        else { return .failed }
        let validator = CertificateChainValidator(trustedRoots: trustedRoots())
        switch await validator.validate(leafFirst: chain, at: Date(), purpose: .clientAuthentication) {
        case .validated(let validated):
            guard
                let nioChain = try? validated.map({
                    try NIOSSLCertificate(bytes: Array($0.derEncodedBytes), format: .der)
                })
            else { return .failed }
            return .certificateVerified(VerificationMetadata(ValidatedCertificateChain(nioChain)))
        case .rejected:
            return .failed
        }
    }
}
