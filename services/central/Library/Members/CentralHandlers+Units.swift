import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Subordinate units sending and receiving through a member's connection (Art. 3.3, 8.2.b): registered by the
/// operator on the parent's application, published in the global configuration, audited.
extension CentralHandlers {
    func registerRepresentedUnit(
        request: Vdxp_Central_V1_RegisterRepresentedUnitRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_RepresentedUnit {
        let unit = try Self.validUnit(request.unit)
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "register_represented_unit",
            target: "\(unit.parentOrganisationID)/\(unit.organisationID)", reason: unit.reason)
        try await stores.transactions.publishing(entry) { connection in
            try await stores.units.lockOrganisationIDs(on: connection)
            guard let parent = try await members.member(unit.parentOrganisationID, on: connection) else {
                throw CentralError.memberNotFound(organisationID: unit.parentOrganisationID)
            }
            if parent.state == .closed {
                throw CentralError.unitParentUnsuitable(
                    parent: parent.organisationID,
                    reason: "it is CLOSED (its successor is \(parent.successorOrganisationID)); register the unit "
                        + "under the successor")
            }
            if try await members.exists(unit.organisationID, on: connection) {
                throw CentralError.unitIdTaken(organisationID: unit.organisationID, parent: nil)
            }
            try await stores.units.insert(unit, on: connection)
        }
        try await publisher.refresh()
        guard let registered = try await stores.units.unit(unit.organisationID) else {
            throw CentralError.unreadableAfterWrite(written: "the unit was registered")
        }
        return registered
    }

    func removeRepresentedUnit(
        request: Vdxp_Central_V1_RemoveRepresentedUnitRequest, context: ServerContext
    ) async throws -> Google_Protobuf_Empty {
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        let organisationID = request.organisationID
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "remove_represented_unit",
            target: organisationID, reason: reason)
        try await stores.transactions.publishing(entry) { connection in
            guard try await stores.units.remove(organisationID, on: connection) != nil else {
                throw CentralError.unitNotFound(organisationID: organisationID)
            }
            try await members.removeAllCertificates(of: organisationID, on: connection)
        }
        try await publisher.refresh()
        return Google_Protobuf_Empty()
    }

    func listRepresentedUnits(
        request: Vdxp_Central_V1_ListRepresentedUnitsRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListRepresentedUnitsResponse {
        let parent = request.parentOrganisationID
        if let own = try RequestContext.caller().organisationID, own != parent {
            throw CentralError.notOwnRecord(callerOrganisationID: own)
        }
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: Self.maximumMembersPerPage)
        let scope = "central.units." + parent
        let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: scope) ?? ""
        let page = try await stores.units.units(under: parent.isEmpty ? nil : parent, after: after, limit: pageSize + 1)
        var units = Array(page.prefix(pageSize))
        let certificates = try await members.certificates(of: units.map(\.organisationID))
        for index in units.indices {
            units[index].certificates = certificates[units[index].organisationID] ?? []
        }
        return try .with {
            $0.units = units
            if page.count > pageSize, let last = units.last {
                $0.nextPageToken = try PageToken(last.organisationID).encoded(scope: scope)
            }
        }
    }

    /// The unit to register, each field checked: a state-agency id under its parent's level-1 unit (a province's
    /// department under the province's system, a ministry's unit under the ministry's), a name, a reason.
    static func validUnit(
        _ unit: Vdxp_Central_V1_RepresentedUnit
    ) throws -> Vdxp_Central_V1_RepresentedUnit {
        let id = try Validate.organisationID(unit.organisationID, field: "unit.organisation_id")
        let parent = try Validate.organisationID(unit.parentOrganisationID, field: "unit.parent_organisation_id")
        guard parent.kind == .stateAgency else {
            throw CentralError.unitParentUnsuitable(
                parent: parent.rawValue,
                reason: "only a state agency's system is a connection point for subordinate units (Art. 3.3)")
        }
        guard id.kind == .stateAgency, id.level1Unit == parent.level1Unit else {
            throw CentralError.invalidField(
                field: "unit.organisation_id",
                message: "unit.organisation_id \(id.rawValue) is not a unit of \(parent.rawValue): a represented "
                    + "unit is a state agency with the same level-1 unit (\(parent.level1Unit ?? "")) as its parent")
        }
        guard id != parent else {
            throw CentralError.invalidField(
                field: "unit.organisation_id", message: "unit.organisation_id names the parent itself")
        }
        let name = try Validate.text(unit.displayName, field: "unit.display_name", maximum: 255)
        let reason = try Validate.text(unit.reason, field: "unit.reason", maximum: 1000)
        return .with {
            $0.organisationID = id.rawValue
            $0.parentOrganisationID = parent.rawValue
            $0.displayName = name
            $0.reason = reason
        }
    }
}
