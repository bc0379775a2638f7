import Foundation
import Logging
import NIOCore
import NIOPosix
import Prometheus
import Testing

@testable import VDXPRuntime

/// The metrics endpoint shares the process's file descriptors with the gRPC listeners and the database pool: it holds
/// a bounded number of connections, none of them silent for long.
@Suite("The metrics endpoint holds few connections", .timeLimit(.minutes(5)))
struct MetricsEndpointTests {
    @Test("beyond the most connections allowed a new one is closed at once; a closed one frees its place")
    func connectionLimit() async throws {
        try await Self.withEndpoint(maximumConnections: 2, idleTimeout: .seconds(120)) { address in
            var channels: [any Channel] = []
            for _ in 0..<3 { channels.append(try await Self.connect(address)) }
            // One of the three is closed at once. Which one is the server's to say: each accepted connection is set
            // up on its own event loop, so under load the third connected may be counted before the second.
            let deadline = ContinuousClock.now + .seconds(10)
            while channels.allSatisfy(\.isActive) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(200))
            let kept = channels.filter(\.isActive)
            #expect(kept.count == 2, "\(3 - kept.count) of three connections closed; one should be, at once")
            guard kept.count == 2 else {
                for channel in kept { try? await channel.close() }
                return
            }
            let (first, second) = (kept[0], kept[1])
            try await first.close()
            // The server sees the close a moment later: the next connection is served once it has.
            var served = false
            for _ in 0..<50 where !served {
                served = (try? await Self.get("/metrics", from: address))?.hasPrefix("HTTP/1.1 200") ?? false
                if !served { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(served, "the place a closed connection left was not given to a new one")
            try await second.close()
        }
    }

    @Test("a silent connection is closed after the idle timeout")
    func idleConnectionIsClosed() async throws {
        try await Self.withEndpoint(maximumConnections: 4, idleTimeout: .seconds(1)) { address in
            let silent = try await Self.connect(address)
            #expect(try await Self.closes(silent, within: .seconds(30)), "a silent connection was kept for 30 s")
        }
    }

    @Test("GET /metrics answers the registry; with Connection: close the server closes after its answer")
    func answersAndHonoursConnectionClose() async throws {
        try await Self.withEndpoint(maximumConnections: 4, idleTimeout: .seconds(120)) { address in
            let answer = try await Self.get("/metrics", from: address)
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            #expect(answer.contains("vdxp_test_metric 1"))
            #expect(try await Self.get("/other", from: address).hasPrefix("HTTP/1.1 404"))
        }
    }

    // MARK: - Helpers

    /// Runs an endpoint on a free loopback port for `body`.
    static func withEndpoint(
        maximumConnections: Int, idleTimeout: Duration, _ body: (SocketAddress) async throws -> Void
    ) async throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeGauge(name: "vdxp_test_metric").set(1.0)
        let endpoint = MetricsEndpoint(
            address: HostAndPort(host: "127.0.0.1", port: 0), registry: registry, logger: Logger(label: "test"),
            maximumConnections: maximumConnections, idleTimeout: idleTimeout)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await endpoint.run() }
            var bound: HostAndPort?
            for await address in endpoint.boundAddresses { bound = address }
            let address = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(bound).port)
            do {
                try await body(address)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// A raw TCP connection that sends nothing.
    static func connect(_ address: SocketAddress) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(to: address).get()
    }

    /// Whether the server closes `channel` within `limit`.
    static func closes(_ channel: any Channel, within limit: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await channel.closeFuture.get()
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            if !first { try? await channel.close() }
            return first
        }
    }

    /// Sends `GET path` with `Connection: close` and reads until the server closes the connection, which it must do
    /// within 20 s (the tests' idle timeouts are longer).
    static func get(_ path: String, from address: SocketAddress) async throws -> String {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await exchange(path, with: address) }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return try #require(first, "the server kept the connection open after answering Connection: close")
        }
    }

    private static func exchange(_ path: String, with address: SocketAddress) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(to: address)
            .flatMapThrowing { channel in
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }.get()
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(
                ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
            var answer = ""
            for try await buffer in inbound { answer += String(buffer: buffer) }
            return answer
        }
    }
}
