import GRPCCore
import GRPCNIOTransportHTTP2Posix
public import Logging
public import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPStore
public import X509

/// Follows Central's `WatchGlobalConfiguration` stream for services other than Central: verifies each copy against
/// the anchor certificate and keeps the newest in the store. Reconnects after any failure, backing off to 5 s.
public struct GlobalConfigurationFollower: Service {
    let central: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let anchor: Certificate
    let store: GlobalConfigurationStore
    let logger: Logger

    /// Creates a follower that connects to `central` with this service's certificate.
    public init(
        central: HostAndPort, certificatePath: String, keyPath: String, platformCAPath: String,
        anchor: Certificate, store: GlobalConfigurationStore, logger: Logger
    ) {
        self.central = central
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.platformCAPath = platformCAPath
        self.anchor = anchor
        self.store = store
        self.logger = logger
    }

    public func run() async throws {
        await ReconnectingTask.run({ try await self.followOnce() }) { error in
            logger.warning(
                "cannot follow the global configuration; retrying",
                metadata: ["central": "\(central)", "error": "\(loggedDescription(of: error))"])
            return .failed
        }
    }

    private func followOnce() async throws {
        let transport = try TransportFactory.mutualTLSClient(
            target: central, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        try await withGRPCClient(transport: transport) { client in
            let centralClient = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            let request = Vdxp_Central_V1_WatchGlobalConfigurationRequest.with {
                $0.knownVersion = store.snapshot?.version ?? 0
            }
            try await centralClient.watchGlobalConfiguration(
                request, options: TransportFactory.configurationCallOptions
            ) { response in
                for try await signed in response.messages {
                    do {
                        let snapshot = try signed.verified(anchor: anchor)
                        if store.update(snapshot) {
                            logger.info("global configuration updated", metadata: ["version": "\(snapshot.version)"])
                        }
                    } catch {
                        logger.error(
                            "refused a global configuration that does not verify against the anchor or cannot be read",
                            metadata: ["error": "\(loggedDescription(of: error))"])
                    }
                }
            }
        }
    }
}
