import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

extension ServiceRegistryRepository {
    /// Approves PENDING request `requestID` and applies its change to the catalogue, in the transaction of
    /// `CentralRepository.mutate` (configuration version bump, audit record `approve_service_<kind>`, notification).
    /// The caller publishes the new configuration afterwards.
    func approve(
        _ requestID: Int64, by actor: String, reason: String, at time: Date
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        guard let request = try await request(requestID) else { throw Self.requestNotFound(requestID) }
        do {
            return try await central.mutate(
                actor: actor, action: "approve_service_\(request.kind.auditName)",
                target: Self.auditTarget(organisationID: request.organisationID, requestID: requestID), reason: reason
            ) { connection in
                let pending = try await lockPending(requestID, on: connection)
                let (serviceID, version) = try await apply(pending, at: time, on: connection)
                return try await record(
                    .approved, of: requestID, by: actor, reason: reason, at: time,
                    service: (serviceID, version), on: connection)
            }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw RPCError(
                code: .alreadyExists,
                message: "member \(request.organisationID) already offers an active service with the code of request "
                    + "\(requestID); reject the request")
        }
    }

    /// Rejects PENDING request `requestID`: only the request changes; audited as `reject_service_<kind>`.
    func reject(
        _ requestID: Int64, by actor: String, reason: String, at time: Date
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        try await database.transaction(logger: logger) { connection in
            let pending = try await lockPending(requestID, on: connection)
            let rejected = try await record(
                .rejected, of: requestID, by: actor, reason: reason, at: time, on: connection)
            try await audit(
                actor: actor, action: "reject_service_\(pending.kind.auditName)",
                target: Self.auditTarget(organisationID: pending.organisationID, requestID: requestID), reason: reason,
                on: connection)
            return rejected
        }
    }

    /// The request, locked for the decision; NOT_FOUND, or FAILED_PRECONDITION if it is decided already.
    private func lockPending(
        _ requestID: Int64, on connection: PostgresConnection
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        guard let request = try await request(requestID, on: connection, lock: true) else {
            throw Self.requestNotFound(requestID)
        }
        guard request.state == .pending else {
            let state = request.state == .approved ? "APPROVED" : "REJECTED"
            let when = request.hasDecideTime ? " at \(request.decideTime.date.ISO8601Format())" : ""
            throw RPCError(
                code: .failedPrecondition,
                message: "request \(requestID) was already \(state) by \(request.decidedBy)\(when); only PENDING "
                    + "requests can be decided")
        }
        return request
    }

    /// Applies an approved request to `central.services`; returns the service's id and new version.
    private func apply(
        _ request: Vdxp_Central_V1_ServiceChangeRequest, at time: Date, on connection: PostgresConnection
    ) async throws -> (Int64, Int64) {
        let active = Vdxp_Central_V1_ServiceState.active.rawValue
        let rows: PostgresRowSequence
        switch request.kind {
        case .create:
            rows = try await connection.query(
                """
                INSERT INTO central.services
                    (provider_id, code, definition, state, version, create_time, update_time, last_request_id)
                VALUES (\(request.organisationID), \(request.definition.code),
                        \(try ServiceRegistryRows.json(request.definition))::jsonb, \(active), 1, \(time), \(time),
                        \(request.requestID))
                RETURNING service_id, version
                """, logger: logger)
        case .update:
            rows = try await connection.query(
                """
                UPDATE central.services
                SET definition = \(try ServiceRegistryRows.json(request.definition))::jsonb, version = version + 1,
                    update_time = \(time), last_request_id = \(request.requestID)
                WHERE service_id = \(request.serviceID) AND provider_id = \(request.organisationID) AND state = \(active)
                RETURNING service_id, version
                """, logger: logger)
        default:
            rows = try await connection.query(
                """
                UPDATE central.services
                SET state = \(Vdxp_Central_V1_ServiceState.cancelled.rawValue), version = version + 1,
                    update_time = \(time), last_request_id = \(request.requestID)
                WHERE service_id = \(request.serviceID) AND provider_id = \(request.organisationID) AND state = \(active)
                RETURNING service_id, version
                """, logger: logger)
        }
        for try await row in rows.decode((Int64, Int64).self) { return row }
        throw RPCError(
            code: .failedPrecondition,
            message: "service \(request.serviceID) is no longer active, so request \(request.requestID) cannot be "
                + "applied; reject it")
    }

    /// Writes the decision on the request row and returns the request as it now stands.
    private func record(
        _ state: Vdxp_Central_V1_ServiceChangeState, of requestID: Int64, by actor: String, reason: String,
        at time: Date,
        service: (id: Int64, version: Int64)? = nil, on connection: PostgresConnection
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest {
        try await connection.query(
            """
            UPDATE central.service_change_requests
            SET state = \(state.rawValue), decided_by = \(actor), decide_time = \(time), decision_reason = \(reason),
                service_id = COALESCE(\(service?.id), service_id), service_version = \(service?.version ?? 0)
            WHERE request_id = \(requestID)
            """, logger: logger)
        guard let decided = try await request(requestID, on: connection) else { throw Self.requestNotFound(requestID) }
        return decided
    }

    /// NOT_FOUND for a request that does not exist (or, for a member, is not its own).
    static func requestNotFound(_ requestID: Int64) -> RPCError {
        RPCError(code: .notFound, message: "request_id: there is no service change request \(requestID)")
    }
}
