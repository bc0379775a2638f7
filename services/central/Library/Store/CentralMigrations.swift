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
            ]),
        Migration(
            version: 2, name: "connection lifecycle, organisation id closing, gateways, trust retirement",
            statements: [
                // Existing ACTIVE (1) members read as OFFICIAL (1) and DISABLED (2) as CUT_OFF (2): same numbers.
                """
                ALTER TABLE central.members
                    ADD COLUMN state_time timestamptz NOT NULL DEFAULT now(),
                    ADD COLUMN state_before smallint,
                    ADD COLUMN purpose text NOT NULL DEFAULT '',
                    ADD COLUMN scope text NOT NULL DEFAULT '',
                    ADD COLUMN declares_conformity boolean NOT NULL DEFAULT false,
                    ADD COLUMN conformity_statement text NOT NULL DEFAULT '',
                    ADD COLUMN trial_start_time timestamptz,
                    ADD COLUMN expected_resume_date date,
                    ADD COLUMN successor text REFERENCES central.members (organisation_id),
                    ADD COLUMN contact_email text NOT NULL DEFAULT '',
                    ADD COLUMN contact_phone text NOT NULL DEFAULT ''
                """,
                """
                CREATE TABLE central.member_endpoints (
                    id bigserial PRIMARY KEY,
                    organisation_id text NOT NULL REFERENCES central.members (organisation_id),
                    address text NOT NULL,
                    description text NOT NULL DEFAULT '',
                    effective_date date NOT NULL,
                    announce_time timestamptz NOT NULL DEFAULT now(),
                    withdrawn boolean NOT NULL DEFAULT false
                )
                """,
                "CREATE INDEX member_endpoints_by_member ON central.member_endpoints (organisation_id, effective_date, id)",
                """
                ALTER TABLE central.trusted_authorities
                    ADD COLUMN retire_time timestamptz,
                    ADD COLUMN retire_reason text NOT NULL DEFAULT ''
                """,
                "ALTER TABLE central.member_certificates ADD COLUMN expiry_notice_time timestamptz",
                "CREATE INDEX audit_log_by_target ON central.audit_log (target text_pattern_ops, id)",
            ]),
        // Version 4: the service registry (Art. 10), defined in ServiceRegistry/ServiceRegistryMigration.swift.
        ServiceRegistryMigration.version4,
        // Version 3: accounts (Art. 16) and the notification outbox, defined in Accounts/AccountMigration.swift.
        AccountMigration.version3,
        // Version 5: the lifecycle's memories, defined in Members/MemberLifecycleMigration.swift.
        MemberLifecycleMigration.version5,
        // Version 6: authority categories and revocation lists, defined in TrustList/TrustListMigration.swift.
        TrustListMigration.version6,
        // Version 7: represented units, defined in Members/RepresentedUnitMigration.swift.
        RepresentedUnitMigration.version7,
        // Version 8: revocation list URLs, defined in TrustList/TrustListMigration.swift.
        TrustListMigration.version8,
        // Version 9: the audit log by action, defined in Audit/AuditLogMigration.swift.
        AuditLogMigration.version9,
    ]
}
