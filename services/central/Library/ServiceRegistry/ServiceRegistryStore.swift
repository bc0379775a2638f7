import Foundation
import Logging
import PostgresNIO
import VDXPProto
import VDXPStore

/// The service registry as stored (`central.services`, `central.service_change_requests`; Art. 10): every statement
/// on those tables. Methods that write take the caller's connection: filing and rejecting run in an audited
/// transaction, an approval in one that also bumps the configuration version (`CentralTransactions`).
struct ServiceRegistryStore: Sendable {
    let database: Database
    let logger: Logger

    /// What `requests(matching:after:limit:)` selects. Empty or zero fields do not filter.
    struct RequestFilter: Sendable {
        var state: Vdxp_Central_V1_ServiceChangeState = .unspecified
        var organisationID = ""
        var serviceID: Int64 = 0
    }

    // MARK: Services

    /// The approved, active services for the global configuration, ordered by service id, read on `connection`
    /// (inside the configuration's read-only snapshot).
    func approvedServices(on connection: PostgresConnection) async throws -> [Vdxp_Central_V1_RegisteredService] {
        try await services(
            """
            SELECT \(unescaped: ServiceRegistryRows.serviceColumns) FROM central.services
            WHERE state = \(Vdxp_Central_V1_ServiceState.active) ORDER BY service_id
            """, on: connection)
    }

    /// Active services after `after`, ordered by service id, of `provider` if not empty.
    func activeServices(provider: String, after: Int64, limit: Int) async throws -> [Vdxp_Central_V1_RegisteredService]
    {
        try await services(
            """
            SELECT \(unescaped: ServiceRegistryRows.serviceColumns) FROM central.services
            WHERE state = \(Vdxp_Central_V1_ServiceState.active) AND service_id > \(after)
              AND (\(provider) = '' OR provider_id = \(provider))
            ORDER BY service_id LIMIT \(limit)
            """)
    }

    /// One service, active or cancelled, or nil.
    func service(_ serviceID: Int64, on connection: PostgresConnection? = nil) async throws
        -> Vdxp_Central_V1_RegisteredService?
    {
        try await services(
            "SELECT \(unescaped: ServiceRegistryRows.serviceColumns) FROM central.services WHERE service_id = \(serviceID)",
            on: connection
        ).first
    }

    /// The id of `provider`'s active service with `code`, if any.
    func activeServiceID(provider: String, code: String, on connection: PostgresConnection) async throws -> Int64? {
        let rows = try await connection.query(
            """
            SELECT service_id FROM central.services
            WHERE provider_id = \(provider) AND code = \(code) AND state = \(Vdxp_Central_V1_ServiceState.active)
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    private func services(
        _ query: PostgresQuery, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_RegisteredService] {
        let rows = try await database.query(query, on: connection, logger: logger)
        var services: [Vdxp_Central_V1_RegisteredService] = []
        for try await row in rows.decode(ServiceRegistryRows.ServiceRow.self) {
            services.append(try ServiceRegistryRows.service(row))
        }
        return services
    }

    // MARK: Requests

    /// One request, or nil; `lock` takes a row lock (`FOR UPDATE`) for a decision.
    func request(
        _ requestID: Int64, on connection: PostgresConnection? = nil, lock: Bool = false
    ) async throws -> Vdxp_Central_V1_ServiceChangeRequest? {
        try await requests(
            """
            SELECT \(unescaped: ServiceRegistryRows.requestColumns) FROM central.service_change_requests
            WHERE request_id = \(requestID) \(unescaped: lock ? "FOR UPDATE" : "")
            """, on: connection
        ).first
    }

    /// Requests after `after` matching `filter`, oldest first.
    func requests(
        matching filter: RequestFilter, after: Int64, limit: Int
    ) async throws -> [Vdxp_Central_V1_ServiceChangeRequest] {
        try await requests(
            """
            SELECT \(unescaped: ServiceRegistryRows.requestColumns) FROM central.service_change_requests
            WHERE request_id > \(after)
              AND (\(filter.state == .unspecified) OR state = \(filter.state))
              AND (\(filter.organisationID) = '' OR organisation_id = \(filter.organisationID))
              AND (\(filter.serviceID) = 0 OR service_id = \(filter.serviceID))
            ORDER BY request_id LIMIT \(limit)
            """)
    }

    /// The id of the request PENDING for `code` of `organisationID`, if any.
    func pendingRequestID(
        organisationID: String, code: String, on connection: PostgresConnection
    ) async throws -> Int64? {
        let rows = try await connection.query(
            """
            SELECT request_id FROM central.service_change_requests
            WHERE organisation_id = \(organisationID) AND code = \(code)
              AND state = \(Vdxp_Central_V1_ServiceChangeState.pending)
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    private func requests(
        _ query: PostgresQuery, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_ServiceChangeRequest] {
        let rows = try await database.query(query, on: connection, logger: logger)
        var requests: [Vdxp_Central_V1_ServiceChangeRequest] = []
        for try await row in rows.decode(ServiceRegistryRows.RequestRow.self) {
            requests.append(try ServiceRegistryRows.request(row))
        }
        return requests
    }

    // MARK: Writing

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
        let rows: PostgresRowSequence
        do {
            rows = try await connection.query(
                """
                INSERT INTO central.service_change_requests
                    (kind, organisation_id, service_id, code, definition, note, state, requested_by, request_time)
                VALUES (\(kind), \(organisationID), \(serviceID), \(code), \(json)::jsonb, \(note),
                        \(Vdxp_Central_V1_ServiceChangeState.pending), \(requestedBy), \(time))
                RETURNING request_id
                """, logger: logger)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CentralError.concurrentRequest(member: organisationID)
        }
        var requestID: Int64 = 0
        for try await id in rows.decode(Int64.self) { requestID = id }
        return requestID
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
                SET state = \(Vdxp_Central_V1_ServiceState.cancelled), version = version + 1,
                    update_time = \(time), last_request_id = \(request.requestID)
                WHERE service_id = \(request.serviceID) AND provider_id = \(request.organisationID) AND state = \(active)
                RETURNING service_id, version
                """, logger: logger)
        }
        return rows
    }

    /// Writes the decision on request `requestID`: its new `state`, who decided, when and why, and — for an approval —
    /// the service it created or changed.
    func recordDecision(
        _ state: Vdxp_Central_V1_ServiceChangeState, of requestID: Int64, by actor: String, reason: String,
        at time: Date, service: (id: Int64, version: Int64)?, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            UPDATE central.service_change_requests
            SET state = \(state), decided_by = \(actor), decide_time = \(time), decision_reason = \(reason),
                service_id = COALESCE(\(service?.id), service_id), service_version = \(service?.version ?? 0)
            WHERE request_id = \(requestID)
            """, logger: logger)
    }
}
