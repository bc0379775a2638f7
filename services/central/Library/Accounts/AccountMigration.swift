import VDXPStore

/// Version 3 of the `central` schema: people's accounts (Art. 16) and the notification outbox. It depends only on
/// version 1 (`central.members`).
///
/// - `central.accounts`: one row per account. Roles are the `AccountRole` numbers; state 1 ACTIVE, 2 LOCKED, with
///   the lock's kind (`LockKind` numbers), reason, author and time. `password_hash` is a self-describing scrypt hash
///   (`$scrypt$ln=…,r=…,p=…$salt$hash`). `failed_logins` and `login_blocked_until` throttle sign-ins;
///   `inactivity_warnings` and `last_warning_time` record the Art. 16 warnings sent since `last_activity_time`.
///   Every time is Central's clock, not the database's, so that rules measured in months can be tested.
/// - `central.notification_outbox`: e-mails and SMS waiting for Monitoring (`deliver_time` null until delivered).
enum AccountMigration {
    static let version3 = Migration(
        version: 3, name: "accounts (Art. 16) and the notification outbox",
        statements: [
            """
            CREATE TABLE central.accounts (
                id uuid PRIMARY KEY,
                username text NOT NULL UNIQUE,
                display_name text NOT NULL,
                email text NOT NULL,
                phone text NOT NULL,
                organisation_id text NOT NULL REFERENCES central.members (organisation_id),
                roles smallint[] NOT NULL,
                state smallint NOT NULL,
                lock_kind smallint NOT NULL DEFAULT 0,
                lock_reason text NOT NULL DEFAULT '',
                locked_by text NOT NULL DEFAULT '',
                lock_time timestamptz,
                password_hash text NOT NULL,
                password_change_time timestamptz NOT NULL,
                failed_logins integer NOT NULL DEFAULT 0,
                login_blocked_until timestamptz,
                last_activity_time timestamptz NOT NULL,
                inactivity_warnings smallint NOT NULL DEFAULT 0,
                last_warning_time timestamptz,
                created_by text NOT NULL,
                create_time timestamptz NOT NULL,
                update_time timestamptz NOT NULL
            )
            """,
            "CREATE INDEX accounts_by_member ON central.accounts (organisation_id, username)",
            "CREATE INDEX accounts_by_activity ON central.accounts (last_activity_time, id) WHERE state = 1",
            """
            CREATE TABLE central.notification_outbox (
                id bigserial PRIMARY KEY,
                create_time timestamptz NOT NULL,
                channel smallint NOT NULL,
                recipient text NOT NULL,
                subject text NOT NULL DEFAULT '',
                body text NOT NULL,
                kind text NOT NULL,
                organisation_id text,
                account_id uuid,
                deliver_time timestamptz
            )
            """,
            "CREATE INDEX notification_outbox_by_kind ON central.notification_outbox (kind, id)",
            "CREATE INDEX notification_outbox_by_account ON central.notification_outbox (account_id, id)",
            "CREATE INDEX notification_outbox_waiting ON central.notification_outbox (id) WHERE deliver_time IS NULL",
        ])
}
