import Foundation
import GRPCCore
import PostgresNIO
import VDXPCore
import VDXPProto
import VDXPStore

/// Filing a request: the checks against the registry as stored, the PENDING request and its audit record, in one
/// transaction.
extension ServiceRegistryHandlers {
    /// A checked request, ready to be filed.
    struct Filing: Sendable {
        /// The providing member.
        var organisationID: String
        /// CREATE, UPDATE or CANCEL.
        var kind: Vdxp_Central_V1_ServiceChangeKind
        /// The service, for UPDATE and CANCEL; 0 for CREATE.
        var serviceID: Int64
        /// The checked definition, for CREATE and UPDATE (an UPDATE's code may be empty); nil for CANCEL.
        var definition: Vdxp_Central_V1_ServiceDefinition?
        /// The requester's explanation.
        var note: String
        /// Who files it (`CallerIdentity.description`).
        var requestedBy: String
        /// Whether the member's registration must be checked (the operator files on its behalf).
        var checkMember: Bool
        /// When, by Central's clock.
        var time: Date
    }

    /// The most requests one member may have PENDING at once.
    static let maximumPendingRequests = 20

    /// Files `filing` as a PENDING request with its audit record, in one transaction. Throws NOT_FOUND for an unknown
    /// member or a service that is not the member's, ALREADY_EXISTS for a code in use, FAILED_PRECONDITION for a
    /// cancelled service or a request already pending.
    func file(_ filing: Filing) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        try await stores.database.transaction(logger: logger) { connection in
            try await file(filing, on: connection)
        }
    }

    private func file(_ filing: Filing, on connection: PostgresConnection) async throws
        -> Vdxp_Central_V1_ServiceChangeRequest
    {
        let member = filing.organisationID
        if filing.checkMember {
            guard try await stores.members.exists(member, on: connection) else {
                throw CentralError.filingMemberNotFound(organisationID: member)
            }
        }
        // A closed id files nothing, whoever asks for it (the operator, or the closed member's own system, whose
        // certificate still identifies it so that Exchange can name its successor): its successor files its own.
        try await stores.members.requireOpen(member, on: connection)
        var definition = filing.definition
        let code: String
        switch filing.kind {
        case .create:
            code = definition?.code ?? ""
            if let id = try await registry.activeServiceID(provider: member, code: code, on: connection) {
                throw CentralError.serviceCodeInUse(member: member, code: code, serviceID: id)
            }
        default:
            guard let service = try await registry.service(filing.serviceID, on: connection),
                service.providerOrganisationID == member
            else { throw CentralError.serviceNotOffered(serviceID: filing.serviceID, member: member) }
            guard service.state == .active else {
                throw CentralError.serviceCancelled(serviceID: filing.serviceID)
            }
            code = service.definition.code
            if filing.kind == .update, var proposed = definition {
                guard proposed.code.isEmpty || proposed.code == code else {
                    throw CentralError.invalidField(
                        field: "definition.code",
                        message: "definition.code: a service's code never changes (\(code.echoed)); leave it empty or "
                            + "unchanged, or cancel the service and create another")
                }
                proposed.code = code
                definition = proposed
            }
        }
        if let pending = try await registry.pendingRequestID(organisationID: member, code: code, on: connection) {
            throw CentralError.requestPending(requestID: pending, code: code, member: member)
        }
        // The operator's queue holds a bounded number of each member's requests.
        let pending = try await registry.pendingRequestCount(organisationID: member, on: connection)
        guard pending < Self.maximumPendingRequests else {
            throw CentralError.tooManyPendingRequests(member: member, maximum: Self.maximumPendingRequests)
        }
        let requestID = try await registry.insertRequest(
            kind: filing.kind, organisationID: member, serviceID: filing.kind == .create ? nil : filing.serviceID,
            code: code, definition: definition, note: filing.note, requestedBy: filing.requestedBy, time: filing.time,
            on: connection)
        try await stores.auditLog.append(
            AuditEntry(
                actor: filing.requestedBy, action: "request_service_\(filing.kind.auditName)",
                target: Self.auditTarget(organisationID: member, requestID: requestID), reason: filing.note),
            on: connection)
        guard let filed = try await registry.request(requestID, on: connection) else {
            throw CentralError.unreadableAfterWrite(written: "request \(requestID) was filed")
        }
        return filed
    }

    /// The audit target of a request: `<organisation id>/serviceChangeRequests/<request id>`, so that a member's
    /// events share its organisation id as prefix.
    static func auditTarget(organisationID: String, requestID: Int64) -> String {
        "\(organisationID)/serviceChangeRequests/\(requestID)"
    }
}

extension Vdxp_Central_V1_ServiceChangeKind {
    /// The kind in audit actions: `create`, `update` or `cancel` (e.g. `approve_service_cancel`).
    var auditName: String {
        switch self {
        case .create: "create"
        case .update: "update"
        case .cancel: "cancel"
        case .unspecified, .UNRECOGNIZED: "unspecified"
        }
    }
}
