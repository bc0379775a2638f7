import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Probes the platform's components every `interval` (Art. 4.1.g): each service's `grpc.health.v1` on its health
/// address, and the database. A component that stops serving opens an incident (``ComponentRule``) and raises a
/// platform-wide COMPONENT_DOWN alert, which every member sees; its recovery closes the incident with a
/// COMPONENT_RECOVERED alert. An outage of a component members call (``OutageNotice``) that lasts is also sent to
/// every member's contacts by e-mail and SMS (Art. 9.2, 19.2), and so is its recovery. With `ticketing`, an incident
/// also enqueues its support ticket in the same transaction (``IncidentTicketDispatcher`` opens it in Ticket). An
/// outage of the database itself is recorded when the database is back (nothing can be written during it): an
/// incident opened at its first failed probe and closed at once. Every replica runs a prober; one takes each round,
/// and an outage of the database is recorded by one of them.
struct ComponentProber: Service {
    let targets: [ComponentTarget]
    /// What is probed for the database, for people: its host and port.
    let databaseTarget: String
    let database: Database
    let components: ComponentStore
    let incidents: IncidentStore
    let alerts: AlertStore
    /// Where incident tickets are enqueued and for which member; nil: incidents open no ticket.
    let ticketing: IncidentTicketing?
    let rule: ComponentRule
    /// Which components' outages every member's contacts are told of, and after how long.
    let outageNotice: OutageNotice
    let interval: Duration
    let timeout: Duration
    let clock: WallClock
    let logger: Logger

    /// The name of the database component.
    static let databaseName = "database"

    func run() async throws {
        let outage = DatabaseOutage()
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot record component probes") {
            try await probeRound(outage: outage)
        }
    }

    /// Probes every component once and records what it found — unless another replica took the round less than
    /// 0.9 intervals ago (``ComponentStore/claimRound(minimumGap:)``): every replica runs the prober, and each
    /// component must be probed once an interval, so that "N failed probes in a row" means N intervals.
    func probeRound(outage: DatabaseOutage = DatabaseOutage()) async throws {
        let databaseResult = await probeDatabase()
        if databaseResult != .serving {
            outage.failed(at: clock.now(), detail: databaseResult.detail)
            throw DatabaseUnavailableError()
        }
        if let missed = outage.recovered() {
            try await recordPastOutage(missed, now: clock.now())
        }
        guard try await components.claimRound(minimumGap: interval * 0.9) else { return }
        var results: [(ComponentTarget, ProbeResult)] = []
        for target in targets {
            results.append((target, await Self.probeHealth(target.address, timeout: timeout)))
        }
        let now = clock.now()
        results.append((ComponentTarget(name: Self.databaseName, target: databaseTarget), .serving))
        for (target, result) in results {
            try await record(result, of: target, at: now)
        }
    }

    private func probeDatabase() async -> ProbeResult {
        guard database.isReachable else { return .unreachable(detail: "the database probe cannot reach PostgreSQL") }
        do {
            _ = try await awaitingAtMost(timeout) { try await database.query("SELECT 1", logger: logger) }
            return .serving
        } catch {
            return .unreachable(detail: "SELECT 1 failed: \(loggedDescription(of: error))")
        }
    }

    /// Records one probe's finding in one transaction, with the incident and alert it calls for.
    func record(_ result: ProbeResult, of target: ComponentTarget, at now: Date) async throws {
        try await database.transaction(logger: logger) { connection in
            let standing = try await components.lock(
                target.name, target: target.target, first: result, at: now, on: connection)
            var (next, action) = rule.apply(result, to: standing, now: now)
            switch action {
            case .none:
                break
            case .openIncident(let description):
                let incident = try await incidents.open(
                    component: target.name, description: description, at: now, on: connection)
                next.openIncidentID = incident
                try await ticketing?.enqueue(
                    incident, component: target.name, description: description, openedAt: now, at: now,
                    on: connection)
                try await alerts.raise(
                    ComponentTexts.down(
                        target.name, incident: incident, description: description, at: now,
                        notifyDue: outageNotice.notifyDue(of: target.name, openedAt: now)), at: now, on: connection)
            case .closeIncident(let incidentID):
                try await incidents.close(incidentID, at: now, on: connection)
                let told = try await alerts.endComponentDown(incident: incidentID, at: now, on: connection)
                try await alerts.raise(
                    ComponentTexts.recovered(target.name, incident: incidentID, at: now, notifyDue: told ? now : nil),
                    at: now, on: connection)
            }
            try await components.save(
                target.name, target: target.target, standing: next, detail: result.detail, at: now, on: connection)
        }
    }

    /// Records an outage of the database once it is back, as an incident opened at its first failed probe and
    /// closed now — once, though every replica saw it: the replicas take the database component's row in turn, and
    /// one that finds an incident of the database closed since the outage began leaves it at that.
    func recordPastOutage(_ missed: DatabaseOutage.Missed, now: Date) async throws {
        guard missed.failedProbes >= rule.failuresBeforeIncident else { return }
        try await database.transaction(logger: logger) { connection in
            _ = try await components.lock(
                Self.databaseName, target: databaseTarget, first: .serving, at: now, on: connection)
            if try await incidents.closed(component: Self.databaseName, atOrAfter: missed.since, on: connection) {
                return
            }
            let description = "UNREACHABLE at \(missed.failedProbes) probes in a row: \(missed.detail)"
            let incident = try await incidents.open(
                component: Self.databaseName, description: description, at: missed.since, on: connection)
            try await ticketing?.enqueue(
                incident, component: Self.databaseName, description: description, openedAt: missed.since, at: now,
                on: connection)
            try await incidents.close(incident, at: now, on: connection)
            // Over before it could be written: sent at once if it lasted as long as a live outage waits before its
            // notice, both alerts in order (the outbox takes due alerts oldest first).
            let due = outageNotice.isSent(Self.databaseName, from: missed.since, to: now) ? now : nil
            try await alerts.raise(
                ComponentTexts.down(
                    Self.databaseName, incident: incident, description: description, at: missed.since, notifyDue: due),
                at: now, on: connection)
            try await alerts.raise(
                ComponentTexts.recovered(Self.databaseName, incident: incident, at: now, notifyDue: due), at: now,
                on: connection)
        }
    }

    /// Asks `grpc.health.v1.Health/Check` (the server as a whole) on a plaintext health listener.
    static func probeHealth(_ address: HostAndPort, timeout: Duration) async -> ProbeResult {
        do {
            let transport = try TransportFactory.plaintextClient(target: address)
            return try await withGRPCClient(transport: transport) { client in
                var options = CallOptions.defaults
                options.timeout = timeout
                let response = try await Grpc_Health_V1_Health.Client(wrapping: client).check(
                    .init(), options: options)
                switch response.status {
                case .serving: return .serving
                default: return .notServing(detail: "health check answered \(response.status)")
                }
            }
        } catch let error as RPCError where error.code == .notFound {
            return .notServing(detail: "health check answered NOT_FOUND: \(error.message)")
        } catch let error as RPCError {
            return .unreachable(detail: "health check failed: \(error.code): \(error.message)")
        } catch {
            return .unreachable(detail: "health check failed: \(error)")
        }
    }
}

/// A component probed by its health address.
struct ComponentTarget: Sendable, Equatable {
    /// The component's name (`central`, `exchange`, …).
    var name: String
    /// What is probed, for people.
    var target: String
    /// The health address.
    var address: HostAndPort

    /// A service probed at `address`.
    init(name: String, address: HostAndPort) {
        self.name = name
        self.target = address.description
        self.address = address
    }

    /// A component that is not probed over gRPC (the database).
    init(name: String, target: String) {
        self.name = name
        self.target = target
        self.address = HostAndPort(host: "0.0.0.0", port: 0)
    }
}

/// The database's failed probes while nothing could be written, remembered until it is back.
final class DatabaseOutage: Sendable {
    struct Missed: Sendable {
        var since: Date
        var failedProbes: Int
        var detail: String
    }

    private let state = Mutex<Missed?>(nil)

    /// A probe failed at `time`.
    func failed(at time: Date, detail: String) {
        state.withLock { missed in
            if missed == nil { missed = Missed(since: time, failedProbes: 0, detail: detail) }
            missed?.failedProbes += 1
        }
    }

    /// The database answers again: the outage it had, if any, forgotten now.
    func recovered() -> Missed? {
        state.withLock { missed in
            defer { missed = nil }
            return missed
        }
    }
}
