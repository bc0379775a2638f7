import SwiftProtobuf
import Synchronization
import VDXPProto
import VDXPStore

/// Hands each newly signed global configuration to every open `WatchGlobalConfiguration` stream of this replica.
final class ConfigurationBroadcaster: Sendable {
    private struct State {
        var next = 0
        var watchers: [Int: AsyncStream<Vdxp_Central_V1_SignedGlobalConfiguration>.Continuation] = [:]
        var finished = false
    }

    private let state = Mutex(State())

    /// A stream of the configurations published from now on; ends at `finish()`.
    func subscribe() -> AsyncStream<Vdxp_Central_V1_SignedGlobalConfiguration> {
        let (stream, continuation) = AsyncStream<Vdxp_Central_V1_SignedGlobalConfiguration>.makeStream(
            bufferingPolicy: .bufferingNewest(4))
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            defer { state.next += 1 }
            state.watchers[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends `configuration` to every watcher.
    func publish(_ configuration: Vdxp_Central_V1_SignedGlobalConfiguration) {
        for watcher in state.withLock({ Array($0.watchers.values) }) { watcher.yield(configuration) }
    }

    /// Ends every stream (graceful shutdown).
    func finish() {
        let watchers = state.withLock { state in
            state.finished = true
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.finish() }
    }
}
