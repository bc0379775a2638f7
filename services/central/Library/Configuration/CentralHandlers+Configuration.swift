import GRPCCore
import SwiftProtobuf
import VDXPProto
import VDXPRuntime

/// The signed global configuration (Art. 7.3), served from the copy this replica holds in memory, so that followers
/// keep their stream through a database outage.
extension CentralHandlers {
    func getGlobalConfiguration(
        request: Vdxp_Central_V1_GetGlobalConfigurationRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_SignedGlobalConfiguration {
        if let current = store.current() { return current.signed }
        return try await publisher.refresh()
    }

    func watchGlobalConfiguration(
        request: Vdxp_Central_V1_WatchGlobalConfigurationRequest,
        response: RPCWriter<Vdxp_Central_V1_SignedGlobalConfiguration>,
        context: ServerContext
    ) async throws {
        let updates = broadcaster.watch(replayingLatest: false)
        let first = try await getGlobalConfiguration(request: .init(), context: context)
        try await response.write(first)
        try await context.cancellation.forEach(of: updates) { signed in
            try await response.write(signed)
        }
    }
}
