public import GRPCCore
public import GRPCNIOTransportHTTP2Posix
import Logging
public import ServiceLifecycle

/// Runs a `GRPCServer` as a ServiceLifecycle service: serves until graceful shutdown, then stops accepting RPCs and
/// lets open ones finish (the service group's grace period is the backstop).
public struct GRPCServerService: Service {
    /// The server.
    public let server: GRPCServer<HTTP2ServerTransport.Posix>
    /// Called when graceful shutdown begins, before the server stops accepting: end long-lived streams here.
    public let onShutdown: @Sendable () -> Void

    /// Wraps a server.
    public init(server: GRPCServer<HTTP2ServerTransport.Posix>, onShutdown: @escaping @Sendable () -> Void = {}) {
        self.server = server
        self.onShutdown = onShutdown
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            onShutdown()
            server.beginGracefulShutdown()
        }
    }
}
