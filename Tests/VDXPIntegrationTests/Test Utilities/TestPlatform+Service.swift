import Foundation
import VDXPClient
import VDXPDevelopment
import VDXPRuntime

extension TestPlatform {
    /// A client of the service at `address` as the operator (`operator:admin`).
    func operatorClient(of address: HostAndPort) -> PlatformClient {
        PlatformClient(
            address: address, certificatePath: pki.operators["admin"]!.certificate,
            keyPath: pki.operators["admin"]!.key, platformCAPath: pki.platformCA)
    }

    /// Starts platform service `name` (Monitoring, Ticket, Report, Search) beside this platform's Central and Exchange,
    /// with `settings` on top of the platform's own; once it listens and holds the global configuration, runs `body`
    /// with the host and its gRPC address; then stops it gracefully (as SIGTERM would), whether `body` returned or
    /// threw. Call it again on the same platform to restart the service on the same database.
    func withService(
        _ name: String, definition: ServiceDefinition, settings: [String: String],
        _ body: (ServiceHost, HostAndPort) async throws -> Void
    ) async throws {
        let host = ServiceHost(
            definition: definition,
            configuration: try Self.configuration(
                name, identity: name, pki: pki, databaseURL: databaseURL, central: central, extra: settings),
            logger: logger)
        let task = Task { try await host.run() }
        let outcome: Result<Void, any Error>
        do {
            let address = try await host.addresses().grpc
            try await TestMonitoring.eventually("\(name) holds the global configuration") {
                host.globalConfiguration.current() != nil
            }
            try await body(host, address)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await Self.stop([host], running: [task])
        try outcome.get()
    }
}
