import SwiftProtobuf
import VDXPStore

/// The `central` schema: members, their certificates, the trust list, the configuration version counter and the
/// operator audit trail.
enum CentralMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "members, certificates, trust list, configuration version, audit",
            statements: [
                """
                CREATE TABLE central.members (
                    organisation_id text PRIMARY KEY,
                    display_name text NOT NULL,
                    kind smallint NOT NULL,
                    state smallint NOT NULL,
                    state_reason text NOT NULL DEFAULT '',
                    create_time timestamptz NOT NULL DEFAULT now(),
                    update_time timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE central.member_certificates (
                    fingerprint text PRIMARY KEY,
                    organisation_id text NOT NULL REFERENCES central.members (organisation_id),
                    usage smallint NOT NULL,
                    certificate_der bytea NOT NULL,
                    subject text NOT NULL,
                    not_before timestamptz NOT NULL,
                    not_after timestamptz NOT NULL,
                    add_time timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE INDEX member_certificates_by_member ON central.member_certificates (organisation_id)",
                """
                CREATE TABLE central.trusted_authorities (
                    fingerprint text PRIMARY KEY,
                    certificate_der bytea NOT NULL,
                    subject text NOT NULL,
                    display_name text NOT NULL,
                    not_before timestamptz NOT NULL,
                    not_after timestamptz NOT NULL,
                    add_time timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE central.configuration_version (
                    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                    version bigint NOT NULL
                )
                """,
                "INSERT INTO central.configuration_version (version) VALUES (1)",
                """
                CREATE TABLE central.audit_log (
                    id bigserial PRIMARY KEY,
                    record_time timestamptz NOT NULL DEFAULT now(),
                    actor text NOT NULL,
                    action text NOT NULL,
                    target text NOT NULL,
                    reason text NOT NULL DEFAULT ''
                )
                """,
            ])
    ]
}
