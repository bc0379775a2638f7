import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

/// The `vdxp.central.v1.ServiceRegistryService` handlers (Art. 10). `ServiceRegistryAccessRules` decides who may
/// call each RPC; handlers narrow it: a member acts for, and sees, only its own organisation.
struct ServiceRegistryHandlers: Vdxp_Central_V1_ServiceRegistryService.SimpleServiceProtocol {
    let context: CentralContext

    var stores: CentralStores { context.stores }
    var registry: ServiceRegistryStore { context.stores.registry }
    var publisher: ConfigurationPublisher { context.publisher }
    var clock: WallClock { context.clock }
    var logger: Logger { context.logger }

    // MARK: Requests

    func requestServiceChange(
        request: Vdxp_Central_V1_RequestServiceChangeRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        let actor = try await MemberChangeActor.current(stores.accounts)
        let organisationID = try Self.actingMember(request.organisationID, actor: actor)
        var definition: Vdxp_Central_V1_ServiceDefinition?
        switch request.kind {
        case .create:
            guard request.serviceID == 0 else {
                throw CentralError.invalidField(
                    field: "service_id", message: "service_id must be 0 for SERVICE_CHANGE_KIND_CREATE")
            }
            guard request.hasDefinition else {
                throw CentralError.invalidField(field: "definition", message: "definition is required")
            }
            definition = try ServiceDefinitionRules.checked(request.definition, field: "definition", requireCode: true)
        case .update, .cancel:
            guard request.serviceID > 0 else {
                throw CentralError.invalidField(
                    field: "service_id", message: "service_id is required for an UPDATE or a CANCEL")
            }
            if request.kind == .update {
                guard request.hasDefinition else {
                    throw CentralError.invalidField(field: "definition", message: "definition is required")
                }
                definition = try ServiceDefinitionRules.checked(
                    request.definition, field: "definition", requireCode: false)
            } else if request.hasDefinition {
                throw CentralError.invalidField(
                    field: "definition", message: "definition must be unset for SERVICE_CHANGE_KIND_CANCEL")
            }
        case .unspecified, .UNRECOGNIZED:
            throw CentralError.invalidField(
                field: "kind",
                message:
                    "kind: choose SERVICE_CHANGE_KIND_CREATE, SERVICE_CHANGE_KIND_UPDATE or SERVICE_CHANGE_KIND_CANCEL")
        }
        let note = try ServiceDefinitionRules.optionalText(request.note, field: "note", maximum: 1000)
        return try await file(
            .init(
                organisationID: organisationID, kind: request.kind, serviceID: request.serviceID,
                definition: definition,
                note: note, requestedBy: actor.description, checkMember: actor.isOperator,
                time: clock.now()))
    }

    func getServiceChangeRequest(
        request: Vdxp_Central_V1_GetServiceChangeRequestRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        let caller = try RequestContext.caller()
        guard let found = try await registry.request(request.requestID),
            caller.organisationID == nil || caller.organisationID == found.organisationID
        else { throw CentralError.requestNotFound(requestID: request.requestID) }
        return found
    }

    func listServiceChangeRequests(
        request: Vdxp_Central_V1_ListServiceChangeRequestsRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListServiceChangeRequestsResponse {
        let caller = try RequestContext.caller()
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        var filter = ServiceRegistryStore.RequestFilter(state: request.state, serviceID: request.serviceID)
        if let own = caller.organisationID {
            guard request.organisationID.isEmpty || request.organisationID == own else {
                throw CentralError.notOwnRequests(callerOrganisationID: own)
            }
            filter.organisationID = own
        } else {
            filter.organisationID = request.organisationID
        }
        let scope = "central.ListServiceChangeRequests"
        let after = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? 0
        let requests = try await registry.requests(matching: filter, after: after, limit: pageSize + 1)
        return try .with {
            $0.requests = Array(requests.prefix(pageSize))
            if requests.count > pageSize, let last = $0.requests.last {
                $0.nextPageToken = try PageToken(last.requestID).encoded(scope: scope)
            }
        }
    }

    func decideServiceChangeRequest(
        request: Vdxp_Central_V1_DecideServiceChangeRequestRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        let actor = try RequestContext.caller().description
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        switch request.decision {
        case .approve:
            let approved = try await approve(request.requestID, by: actor, reason: reason, at: clock.now())
            try await publisher.refresh()
            return approved
        case .reject:
            return try await reject(request.requestID, by: actor, reason: reason, at: clock.now())
        case .unspecified, .UNRECOGNIZED:
            throw CentralError.invalidField(
                field: "decision", message: "decision: choose SERVICE_DECISION_APPROVE or SERVICE_DECISION_REJECT")
        }
    }

    // MARK: Catalogue

    func listServices(
        request: Vdxp_Central_V1_ListServicesRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListServicesResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let provider =
            request.providerOrganisationID.isEmpty
            ? ""
            : try Validate.organisationID(request.providerOrganisationID, field: "provider_organisation_id").rawValue
        let scope = "central.ListServices"
        let after = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? 0
        let services = try await registry.activeServices(provider: provider, after: after, limit: pageSize + 1)
        return try .with {
            $0.services = Array(services.prefix(pageSize))
            if services.count > pageSize, let last = $0.services.last {
                $0.nextPageToken = try PageToken(last.serviceID).encoded(scope: scope)
            }
        }
    }

    func getService(
        request: Vdxp_Central_V1_GetServiceRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_RegisteredService {
        let caller = try RequestContext.caller()
        guard let service = try await registry.service(request.serviceID) else {
            throw CentralError.serviceNotFound(serviceID: request.serviceID)
        }
        // A cancelled service stays visible to its provider and the operator only.
        let mayReadCancelled: Bool =
            switch caller {
            case .operator: true
            case .member(let id): id == service.providerOrganisationID
            case .service, .auditor: false
            }
        guard service.state == .active || mayReadCancelled else {
            throw CentralError.serviceNotFound(serviceID: request.serviceID)
        }
        return service
    }

    // MARK: Identity

    /// The member a request is filed for: a member — its system or a MEMBER_ADMIN (``MemberChangeActor``) — files for
    /// itself (an empty id means itself); the operator names a member of valid form (whether it is registered is
    /// checked in the transaction).
    static func actingMember(_ requested: String, actor: MemberChangeActor) throws -> String {
        if let own = actor.organisationID {
            guard requested.isEmpty || requested == own else {
                throw CentralError.notOwnFiling(callerOrganisationID: own)
            }
            return own
        }
        guard !requested.isEmpty else {
            throw CentralError.invalidField(
                field: "organisation_id", message: "organisation_id is required when the operator files for a member")
        }
        return try Validate.organisationID(requested, field: "organisation_id").rawValue
    }
}
