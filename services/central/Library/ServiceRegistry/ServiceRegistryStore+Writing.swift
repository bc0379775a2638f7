import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Writing the registry: filing requests, applying approved ones to the catalogue, recording decisions. Each runs on
/// the caller's transaction.
extension ServiceRegistryStore {
    /// Files a PENDING request; returns its id. `serviceID` is nil for a CREATE; `definition` nil for a CANCEL.
    ///
    /// - Throws: ``CentralError/concurrentRequest(member:)`` when another request for the same service of the member
    ///   was filed at the same moment and is pending (at most one is, by a unique index).
    func insertRequest(
        kind: Vdxp_Central_V1_ServiceChangeKind, organisationID: String, serviceID: Int64?, code: String,
        definition: Vdxp_Central_V1_ServiceDefinition?, note: String, requestedBy: String, time: Date,
        on connection: PostgresConnection
    ) async throws -> Int64 {
        let json = try definition.map { try ServiceRegistryRows.json($0) }
        do {
            // The rows are read inside the `do`: a statement that returns rows reports its unique violation when they
            // are read, not when `query` returns.
            return try await database.query(
                """
                INSERT INTO central.service_change_requests
                    (kind, organisation_id, service_id, code, definition, note, state, requested_by, request_time)
                VALUES (\(kind), \(organisationID), \(serviceID), \(code), \(json)::jsonb, \(note),
                        \(Vdxp_Central_V1_ServiceChangeState.pending), \(requestedBy), \(time))
                RETURNING request_id
                """, on: connection, logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CentralError.concurrentRequest(member: organisationID)
        }
    }

    /// Applies approved `request` to `central.services` at `time`: creates the service, or updates or cancels it
    /// while it is active. Returns the service's id and new version, or nil when the service is no longer active.
    ///
    /// - Throws: ``CentralError/approvedCodeInUse(member:requestID:)`` when the member already offers an active
    ///   service with the code.
    func apply(
        _ request: Vdxp_Central_V1_ServiceChangeRequest, at time: Date, on connection: PostgresConnection
    ) async throws -> (id: Int64, version: Int64)? {
        do {
            for try await row in try await applied(request, at: time, on: connection).decode((Int64, Int64).self) {
                return row
            }
            return nil
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CentralError.approvedCodeInUse(member: request.organisationID, requestID: request.requestID)
        }
    }

    /// Runs the statement that applies `request`, returning the service's id and version.
    private func applied(
        _ request: Vdxp_Central_V1_ServiceChangeRequest, at time: Date, on connection: PostgresConnection
    ) async throws -> PostgresRowSequence {
        let active = Vdxp_Central_V1_ServiceState.active
        switch request.kind {
        case .create:
            return try await database.query(
                """
                INSERT INTO central.services
                    (provider_id, code, definition, state, version, create_time, update_time, last_request_id)
                VALUES (\(request.organisationID), \(request.definition.code),
                        \(try ServiceRegistryRows.json(request.definition))::jsonb, \(active), 1, \(time), \(time),
                        \(request.requestID))
                RETURNING service_id, version
                """, on: connection, logger: logger)
        case .update:
            return try await database.query(
                """
                UPDATE central.services
                SET definition = \(try ServiceRegistryRows.json(request.definition))::jsonb, version = version + 1,
                    update_time = \(time), last_request_id = \(request.requestID)
                WHERE service_id = \(request.serviceID) AND provider_id = \(request.organisationID) AND state = \(active)
                RETURNING service_id, version
                """, on: connection, logger: logger)
        default:
            return try await database.query(
                """
                UPDATE central.services
                SET state = \(Vdxp_Central_V1_ServiceState.cancelled), version = version + 1,
                    update_time = \(time), last_request_id = \(request.requestID)
                WHERE service_id = \(request.serviceID) AND provider_id = \(request.organisationID) AND state = \(active)
                RETURNING service_id, version
                """, on: connection, logger: logger)
        }
    }

    /// Writes the decision on request `requestID`: its new `state`, who decided, when and why, and — for an approval —
    /// the service it created or changed.
    func recordDecision(
        _ state: Vdxp_Central_V1_ServiceChangeState, of requestID: Int64, by actor: String, reason: String,
        at time: Date, service: (id: Int64, version: Int64)?, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            UPDATE central.service_change_requests
            SET state = \(state), decided_by = \(actor), decide_time = \(time), decision_reason = \(reason),
                service_id = COALESCE(\(service?.id), service_id), service_version = \(service?.version ?? 0)
            WHERE request_id = \(requestID)
            """, on: connection, logger: logger)
    }
}
