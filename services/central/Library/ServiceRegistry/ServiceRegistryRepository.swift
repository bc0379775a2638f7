import Foundation
import Logging
import PostgresNIO
import VDXPProto
import VDXPStore

/// Reads and writes the service registry (`central.services`, `central.service_change_requests`; Art. 10).
///
/// Filing a request and rejecting one change nothing that is published, so each runs in its own transaction with its
/// audit record; an approval goes through `CentralRepository.mutate`, so that the applied change, the configuration
/// version bump, the audit record and the notification commit together.
struct ServiceRegistryRepository: Sendable {
    /// The registry whose transactions approvals join.
    let central: CentralRepository

    var database: Database { central.database }
    var logger: Logger { central.logger }

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
            WHERE state = \(Vdxp_Central_V1_ServiceState.active.rawValue) ORDER BY service_id
            """, on: connection)
    }

    /// Active services after `after`, ordered by service id, of `provider` if not empty.
    func activeServices(provider: String, after: Int64, limit: Int) async throws -> [Vdxp_Central_V1_RegisteredService]
    {
        try await services(
            """
            SELECT \(unescaped: ServiceRegistryRows.serviceColumns) FROM central.services
            WHERE state = \(Vdxp_Central_V1_ServiceState.active.rawValue) AND service_id > \(after)
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

    private func services(
        _ query: PostgresQuery, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_RegisteredService] {
        let rows =
            if let connection { try await connection.query(query, logger: logger) } else {
                try await database.query(query, logger: logger)
            }
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
              AND (\(filter.state.rawValue) = 0 OR state = \(filter.state.rawValue))
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
              AND state = \(Vdxp_Central_V1_ServiceChangeState.pending.rawValue)
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    private func requests(
        _ query: PostgresQuery, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_ServiceChangeRequest] {
        let rows =
            if let connection { try await connection.query(query, logger: logger) } else {
                try await database.query(query, logger: logger)
            }
        var requests: [Vdxp_Central_V1_ServiceChangeRequest] = []
        for try await row in rows.decode(ServiceRegistryRows.RequestRow.self) {
            requests.append(try ServiceRegistryRows.request(row))
        }
        return requests
    }

    // MARK: Audit

    /// Appends to `central.audit_log` in the caller's transaction (for changes that do not touch the configuration).
    func audit(actor: String, action: String, target: String, reason: String, on connection: PostgresConnection)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO central.audit_log (actor, action, target, reason)
            VALUES (\(actor), \(action), \(target), \(reason))
            """, logger: logger)
    }

    /// The audit target of a request: `<organisation id>/serviceChangeRequests/<request id>`, so that a member's
    /// events share its organisation id as prefix.
    static func auditTarget(organisationID: String, requestID: Int64) -> String {
        "\(organisationID)/serviceChangeRequests/\(requestID)"
    }
}
