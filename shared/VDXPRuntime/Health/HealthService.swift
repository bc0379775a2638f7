public import GRPCCore
import SwiftProtobuf
import VDXPCore
public import VDXPProto

/// `grpc.health.v1.Health`, answered from a `HealthStatusBoard`.
public struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    /// The states served.
    public let board: HealthStatusBoard

    /// Creates the service.
    public init(board: HealthStatusBoard) {
        self.board = board
    }

    public func check(
        request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard let status = board.status(of: request.service) else {
            throw RPCError(code: .notFound, message: "unknown service \(request.service.echoed)")
        }
        return .with { $0.status = status }
    }

    public func list(
        request: Grpc_Health_V1_HealthListRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthListResponse {
        .with { response in
            for (service, status) in board.all {
                response.statuses[service] = .with { $0.status = status }
            }
        }
    }

    public func watch(
        request: Grpc_Health_V1_HealthCheckRequest,
        response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        try await context.cancellation.forEach(of: board.watch(request.service)) { status in
            try await response.write(.with { $0.status = status })
        }
    }
}
