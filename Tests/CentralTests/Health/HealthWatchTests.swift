import GRPCCore
import GRPCInProcessTransport
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPRuntime

/// `grpc.health.v1.Health/Watch` as Central (and every service) serves it from its `HealthStatusBoard`: the current
/// state first, then each change, and the stream ends when shutdown begins. Over an in-process transport.
///
/// The board and its `Broadcaster` live in VDXPRuntime, which has no unit-test target of its own yet.
@Suite("Health Watch")
struct HealthWatchTests {
    static let service = "vdxp.central.v1.CentralService"

    @Test("Watch sends the current state, then each change, and ends when the watchers are finished")
    func watchFollowsTheBoard() async throws {
        let board = HealthStatusBoard(services: [Self.service])
        let transport = InProcessTransport()
        try await withGRPCServer(transport: transport.server, services: [HealthService(board: board)]) { _ in
            try await withGRPCClient(transport: transport.client) { client in
                let health = Grpc_Health_V1_Health.Client(wrapping: client)
                let seen = try await health.watch(.with { $0.service = Self.service }) { response in
                    var seen: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
                    for try await message in response.messages {
                        seen.append(message.status)
                        switch seen.count {
                        case 1: board.set(.serving, for: Self.service)
                        case 2:
                            board.set(.serving, for: Self.service)  // unchanged: nothing is sent
                            board.set(.notServing, for: Self.service)
                        default: board.finishWatchers()
                        }
                    }
                    return seen
                }
                #expect(seen == [.notServing, .serving, .notServing])
            }
        }
    }

    @Test("watching made-up service names keeps nothing for them: each is SERVICE_UNKNOWN, and setting one is ignored")
    func madeUpNamesKeepNothing() async throws {
        let board = HealthStatusBoard(services: [Self.service])
        for index in 0..<1000 {
            var statuses = board.watch("vdxp.made.up.v\(index).Service").makeAsyncIterator()
            #expect(await statuses.next() == .serviceUnknown)
        }
        #expect(board.broadcasterCount == 0, "no broadcaster, and no name, kept for a service the board does not know")
        board.set(.serving, for: "vdxp.made.up.v1.Service")
        #expect(board.status(of: "vdxp.made.up.v1.Service") == nil)
        #expect(board.all.count == 2, "the server and its one service")
        var known = board.watch(Self.service).makeAsyncIterator()
        #expect(await known.next() == .notServing)
        #expect(board.broadcasterCount == 1)
    }

    @Test("a service the board does not know is SERVICE_UNKNOWN to Watch, and a watch after shutdown ends at once")
    func unknownAndFinished() async throws {
        let board = HealthStatusBoard(services: [Self.service])
        board.finishWatchers()
        var unknown: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
        for await status in board.watch("vdxp.nothing.v1.Nothing") { unknown.append(status) }
        #expect(unknown == [.serviceUnknown])
        var known: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
        for await status in board.watch(Self.service) { known.append(status) }
        #expect(known == [.notServing])
    }
}
