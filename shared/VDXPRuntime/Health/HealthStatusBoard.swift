import Synchronization
public import VDXPProto

/// The serving state of the server ("") and of each of its gRPC services, with change notification for `Watch`:
/// one ``Broadcaster`` per known service, made when first watched. The services are named when the board is made;
/// every name a caller watches that is not one of them shares a single broadcaster that stays SERVICE_UNKNOWN, so that
/// watching made-up names (any caller may, each up to a message's size) keeps nothing once the stream ends.
public final class HealthStatusBoard: Sendable {
    /// A serving state.
    public typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    private struct State {
        var statuses: [String: Status] = [:]
        var broadcasters: [String: Broadcaster<Status>] = [:]
        let unknown = Broadcaster<Status>(latest: .serviceUnknown)
        var finished = false
    }

    private let state = Mutex(State())

    /// Creates a board where the server and every named service start NOT_SERVING.
    public init(services: [String]) {
        state.withLock { state in
            for service in [""] + services { state.statuses[service] = .notServing }
        }
    }

    /// The state of `service`, or nil if it is unknown.
    public func status(of service: String) -> Status? {
        state.withLock { $0.statuses[service] }
    }

    /// Every known state.
    public var all: [String: Status] { state.withLock { $0.statuses } }

    /// How many services have a broadcaster of their own (known services watched at least once).
    var broadcasterCount: Int { state.withLock { $0.broadcasters.count } }

    /// Sets the state of a known service (or of the server, ""), telling its watchers if it changed; a name the board
    /// was not made with is ignored.
    public func set(_ status: Status, for service: String) {
        let broadcaster = state.withLock { state -> Broadcaster<Status>? in
            guard let current = state.statuses[service], current != status else { return nil }
            state.statuses[service] = status
            return state.broadcasters[service]
        }
        broadcaster?.publish(status)
    }

    /// Sets every known service and the server to `status`.
    public func setAll(_ status: Status) {
        for service in state.withLock({ Array($0.statuses.keys) }) { set(status, for: service) }
    }

    /// Sets every named service (not the server as a whole) to `status`.
    public func setNamed(_ status: Status) {
        for service in state.withLock({ Array($0.statuses.keys) }) where !service.isEmpty { set(status, for: service) }
    }

    /// A stream of the states of `service`: the current one first (SERVICE_UNKNOWN for a service the board does not
    /// know, which it stays), then each change. Ends at `finishWatchers()`.
    public func watch(_ service: String) -> AsyncStream<Status> {
        let broadcaster = state.withLock { state in
            if let existing = state.broadcasters[service] { return existing }
            guard state.statuses[service] != nil else { return state.unknown }
            let created = Broadcaster<Status>(latest: state.statuses[service] ?? .serviceUnknown)
            if state.finished { created.finish() }
            state.broadcasters[service] = created
            return created
        }
        return broadcaster.watch()
    }

    /// Ends every `Watch` stream, so that graceful shutdown does not wait on them.
    public func finishWatchers() {
        let broadcasters = state.withLock { state in
            state.finished = true
            return Array(state.broadcasters.values) + [state.unknown]
        }
        for broadcaster in broadcasters { broadcaster.finish() }
    }
}
