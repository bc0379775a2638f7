import VDXPStore

/// Version 4 of the `central` schema: the service registry (Art. 10).
///
/// - `central.services`: the catalogue. One row per service from the approval of its creation; a cancelled service
///   keeps its row (state 2) for the record. A provider's active codes are unique.
/// - `central.service_change_requests`: members' requests and the operator's decisions. At most one PENDING request
///   per provider and service code, so two changes to one service can never be pending together.
///
/// Definitions are stored as the proto3 JSON of `vdxp.central.v1.ServiceDefinition` (field names as in the .proto),
/// readable in SQL and parsed back with unknown fields ignored. It depends only on version 1.
enum ServiceRegistryMigration {
    static let version4 = Migration(
        version: 4, name: "service registry: services and change requests (Art. 10)",
        statements: [
            """
            CREATE TABLE central.services (
                service_id bigserial PRIMARY KEY,
                provider_id text NOT NULL REFERENCES central.members (organisation_id),
                code text NOT NULL,
                definition jsonb NOT NULL,
                state smallint NOT NULL,
                version bigint NOT NULL,
                create_time timestamptz NOT NULL,
                update_time timestamptz NOT NULL,
                last_request_id bigint NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX services_active_code ON central.services (provider_id, code) WHERE state = 1",
            "CREATE INDEX services_by_provider ON central.services (provider_id, service_id)",
            """
            CREATE TABLE central.service_change_requests (
                request_id bigserial PRIMARY KEY,
                kind smallint NOT NULL,
                organisation_id text NOT NULL REFERENCES central.members (organisation_id),
                service_id bigint REFERENCES central.services (service_id),
                code text NOT NULL,
                definition jsonb,
                note text NOT NULL DEFAULT '',
                state smallint NOT NULL,
                requested_by text NOT NULL,
                request_time timestamptz NOT NULL,
                decided_by text NOT NULL DEFAULT '',
                decide_time timestamptz,
                decision_reason text NOT NULL DEFAULT '',
                service_version bigint NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE UNIQUE INDEX service_change_requests_one_pending
                ON central.service_change_requests (organisation_id, code) WHERE state = 1
            """,
            """
            CREATE INDEX service_change_requests_by_member
                ON central.service_change_requests (organisation_id, request_id)
            """,
        ])
}
