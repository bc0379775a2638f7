import Foundation
import PostgresNIO
import VDXPProto
import VDXPRuntime

/// The operating state of the registry's services follows their providers' connections (Art. 19.1).
extension ConnectionTracker {
    /// For each service of Central's registry that `change.organisationID` provides (in the global configuration
    /// Monitoring holds), raises a SERVICE_STATE_CHANGED alert in the inbox of every other member told of the service
    /// (``RegistryService/recipients(among:)``): unavailable when the provider's connection is lost, available again
    /// when it comes back. Inside the caller's transaction, with the change it follows.
    func alertProvidedServices(
        after change: ConnectionChangeDraft, available: Bool, at now: Date, on connection: PostgresConnection
    ) async throws {
        guard let snapshot = configuration.snapshot else { return }
        let provider = change.organisationID
        let providerName = snapshot.members[provider]?.displayName ?? ""
        var told: [NewAlert] = []
        for published in snapshot.configuration.services where published.providerOrganisationID == provider {
            let service = RegistryService(published: published)
            for member in service.recipients(among: snapshot.members) where member != provider {
                told.append(
                    AlertTexts.serviceAvailability(
                        service, available: available, providerName: providerName, to: member,
                        since: change.changeTime))
            }
        }
        try await alerts.raise(keyed: told, at: now, on: connection)
    }
}
