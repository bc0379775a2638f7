import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Tells members when a service of Central's registry changes its operating state (Art. 19.1): every `interval` it
/// compares the services of the global configuration Monitoring holds with those it last saw and, for a service
/// newly offered or withdrawn, raises one SERVICE_STATE_CHANGED alert in the inbox of each member told of it
/// (``RegistryService/recipients(among:)``). The alerts, the services seen and the configuration version move in one
/// transaction holding `monitoring.registry_follow`, and each alert is keyed by service, state and member: a
/// change is alerted once, across restarts and replicas.
///
/// The first configuration Monitoring ever sees is only recorded: the services offered before Monitoring began are
/// not news. These alerts stay in the inbox; they are not e-mailed or texted.
struct ServiceRegistryFollower: Service {
    let database: Database
    let registry: RegistryServiceStore
    let alerts: AlertStore
    let configuration: GlobalConfigurationStore
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot follow Central's service registry") {
            try await followRound()
        }
    }

    /// Applies the held configuration if it is newer than the one last applied; returns how many alerts it raised.
    @discardableResult
    func followRound() async throws -> Int {
        guard let snapshot = configuration.snapshot else { return 0 }
        let now = clock.now()
        return try await database.transaction(logger: logger) { connection in
            let followed = try await registry.lockFollowedVersion(on: connection)
            if let followed, followed >= snapshot.version { return 0 }
            let changes = RegistryChanges(
                known: try await registry.all(on: connection), published: snapshot.configuration.services)
            var raised = 0
            for service in changes.offered + changes.withdrawn + changes.updated {
                try await registry.save(service, on: connection)
            }
            if followed != nil {
                var told: [NewAlert] = []
                for (service, offered) in changes.offered.map({ ($0, true) }) + changes.withdrawn.map({ ($0, false) }) {
                    let provider = snapshot.members[service.providerOrganisationID]?.displayName ?? ""
                    for member in service.recipients(among: snapshot.members) {
                        told.append(
                            AlertTexts.serviceStateChanged(
                                service, offered: offered, providerName: provider, to: member,
                                configurationVersion: snapshot.version, at: now))
                    }
                }
                raised = try await alerts.raise(keyed: told, at: now, on: connection)
            }
            try await registry.setFollowedVersion(snapshot.version, on: connection)
            if !changes.isEmpty {
                logger.info(
                    "Central's service registry changed",
                    metadata: [
                        "configuration": "\(snapshot.version)", "offered": "\(changes.offered.count)",
                        "withdrawn": "\(changes.withdrawn.count)", "alerts": "\(raised)",
                        "first": "\(followed == nil)",
                    ])
            }
            return raised
        }
    }
}
