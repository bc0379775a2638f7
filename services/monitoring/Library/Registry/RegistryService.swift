import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

/// A service of Central's registry (Art. 10) as Monitoring last saw it in the global configuration: enough to say
/// who is told of its changes once it has left the configuration.
struct RegistryService: Sendable, Equatable {
    /// Its id in Central's registry.
    var serviceID: Int64
    /// The member that provides it.
    var providerOrganisationID: String
    /// Its code, e.g. `tra-cuu-ho-so`.
    var code: String
    /// Its name for people.
    var displayName: String
    /// Which members may use it.
    var audience: Vdxp_Central_V1_ServiceAudience
    /// For `LISTED_MEMBERS`: the members that may use it.
    var consumerOrganisationIDs: [String]
    /// Its version in the registry (1 when created, + 1 with each approved change).
    var version: Int64
    /// Whether it is offered (in the configuration); false once withdrawn.
    var active: Bool
}

extension RegistryService {
    /// The service as the configuration publishes it (an active one).
    init(published service: Vdxp_Central_V1_RegisteredService) {
        self.init(
            serviceID: service.serviceID, providerOrganisationID: service.providerOrganisationID,
            code: service.definition.code, displayName: service.definition.displayName,
            audience: service.definition.scope.audience,
            consumerOrganisationIDs: service.definition.scope.consumerOrganisationIds, version: service.version,
            active: true)
    }

    /// The members told of a change of this service (Art. 19.1): its provider, and every member that may use it —
    /// all members, the State agencies, or the listed members, as its scope says — that is TRIAL, OFFICIAL,
    /// SUSPENDED or CUT_OFF in `members` (not one that is only REQUESTED, nor a CLOSED one). Sorted, each once.
    func recipients(among members: [String: Vdxp_Central_V1_ConfiguredMember]) -> [String] {
        let listed = Set(consumerOrganisationIDs)
        var told: Set<String> = [providerOrganisationID]
        for (organisationID, member) in members
        where [.trial, .official, .suspended, .cutOff].contains(member.state) {
            let mayUse =
                switch audience {
                case .allMembers: true
                case .stateAgencies: member.kind == .stateAgency
                case .listedMembers: listed.contains(organisationID)
                default: false
                }
            if mayUse { told.insert(organisationID) }
        }
        return told.sorted()
    }
}

/// What changed in Central's registry between the services Monitoring knew and a newer configuration's.
struct RegistryChanges: Sendable, Equatable {
    /// Services newly offered (ACTIVE): alerted.
    var offered: [RegistryService] = []
    /// Services no longer offered (CANCELLED, withdrawn): alerted, as last known.
    var withdrawn: [RegistryService] = []
    /// Services offered still, with a new version (an approved update): recorded, not alerted — their operating
    /// state did not change.
    var updated: [RegistryService] = []

    /// The changes from `known` (every service Monitoring keeps, active or not) to the services `published` in a
    /// configuration. A withdrawn service never comes back (CANCELLED is final in Central), so a service id seen
    /// again after its withdrawal is ignored.
    init(known: [RegistryService], published: [Vdxp_Central_V1_RegisteredService]) {
        let knownByID = Dictionary(known.map { ($0.serviceID, $0) }, uniquingKeysWith: { first, _ in first })
        let publishedIDs = Set(published.map(\.serviceID))
        for service in published.sorted(by: { $0.serviceID < $1.serviceID }) {
            let now = RegistryService(published: service)
            switch knownByID[service.serviceID] {
            case nil: offered.append(now)
            case let before? where before.active && before.version != now.version: updated.append(now)
            default: break
            }
        }
        for before in known.sorted(by: { $0.serviceID < $1.serviceID })
        where before.active && !publishedIDs.contains(before.serviceID) {
            var gone = before
            gone.active = false
            withdrawn.append(gone)
        }
    }

    /// Whether nothing changed.
    var isEmpty: Bool { offered.isEmpty && withdrawn.isEmpty && updated.isEmpty }
}
