import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The operator's decisions on PENDING requests (Art. 10.2).
extension ServiceRegistryHandlers {
    /// Approves PENDING request `requestID` and applies its change to the catalogue, in one transaction with the
    /// configuration version bump, the audit record `approve_service_<kind>` and the notification. The caller
    /// publishes the new configuration afterwards.
    func approve(
        _ requestID: Int64, by actor: String, reason: String, at time: Date
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        guard let request = try await registry.request(requestID) else {
            throw CentralError.requestNotFound(requestID: requestID)
        }
        let entry = AuditEntry(
            actor: actor, action: "approve_service_\(request.kind.auditName)",
            target: Self.auditTarget(organisationID: request.organisationID, requestID: requestID), reason: reason)
        let registry = self.registry
        return try await stores.transactions.publishing(entry) { connection in
            let pending = try await Self.lockPending(requestID, in: registry, on: connection)
            // A request filed before its provider's id was closed offers or changes nothing once it is: only a
            // cancellation still applies.
            if pending.kind != .cancel {
                try await stores.members.requireOpen(pending.organisationID, on: connection)
            }
            guard let service = try await registry.apply(pending, at: time, on: connection) else {
                throw CentralError.serviceNoLongerActive(serviceID: pending.serviceID, requestID: requestID)
            }
            try await registry.recordDecision(
                .approved, of: requestID, by: actor, reason: reason, at: time, service: service, on: connection)
            return try await Self.decided(requestID, in: registry, on: connection)
        }
    }

    /// Rejects PENDING request `requestID`: only the request changes; audited as `reject_service_<kind>`.
    func reject(
        _ requestID: Int64, by actor: String, reason: String, at time: Date
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        let (registry, auditLog) = (self.registry, stores.auditLog)
        return try await stores.database.transaction(logger: logger) { connection in
            let pending = try await Self.lockPending(requestID, in: registry, on: connection)
            try await registry.recordDecision(
                .rejected, of: requestID, by: actor, reason: reason, at: time, service: nil, on: connection)
            let rejected = try await Self.decided(requestID, in: registry, on: connection)
            try await auditLog.append(
                AuditEntry(
                    actor: actor, action: "reject_service_\(pending.kind.auditName)",
                    target: Self.auditTarget(organisationID: pending.organisationID, requestID: requestID),
                    reason: reason),
                on: connection)
            return rejected
        }
    }

    /// The request, locked for the decision; NOT_FOUND, or FAILED_PRECONDITION if it is decided already.
    private static func lockPending(
        _ requestID: Int64, in registry: ServiceRegistryStore, on connection: PostgresConnection
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        guard let request = try await registry.request(requestID, on: connection, lock: true) else {
            throw CentralError.requestNotFound(requestID: requestID)
        }
        guard request.state == .pending else {
            throw CentralError.requestAlreadyDecided(
                requestID: requestID, state: request.state == .approved ? "APPROVED" : "REJECTED",
                decidedBy: request.decidedBy, decideTime: request.hasDecideTime ? request.decideTime.date : nil)
        }
        return request
    }

    /// The request as it stands after the decision.
    private static func decided(
        _ requestID: Int64, in registry: ServiceRegistryStore, on connection: PostgresConnection
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        guard let decided = try await registry.request(requestID, on: connection) else {
            throw CentralError.requestNotFound(requestID: requestID)
        }
        return decided
    }
}
