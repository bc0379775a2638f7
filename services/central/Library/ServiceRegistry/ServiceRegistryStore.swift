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
        let rows = try await database.query(
            """
            SELECT service_id FROM central.services
            WHERE provider_id = \(provider) AND code = \(code) AND state = \(Vdxp_Central_V1_ServiceState.active)
            """, on: connection, logger: logger)
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

    /// How many requests of `organisationID` are PENDING.
    func pendingRequestCount(organisationID: String, on connection: PostgresConnection) async throws -> Int {
        try await database.query(
            """
            SELECT count(*) FROM central.service_change_requests
            WHERE organisation_id = \(organisationID) AND state = \(Vdxp_Central_V1_ServiceChangeState.pending)
            """, on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// The id of the request PENDING for `code` of `organisationID`, if any.
    func pendingRequestID(
        organisationID: String, code: String, on connection: PostgresConnection
    ) async throws -> Int64? {
        let rows = try await database.query(
            """
            SELECT request_id FROM central.service_change_requests
            WHERE organisation_id = \(organisationID) AND code = \(code)
              AND state = \(Vdxp_Central_V1_ServiceChangeState.pending)
            """, on: connection, logger: logger)
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
}
