import VDXPStore

/// Version 9 of the `central` schema: the audit log found by action.
///
/// `ListAuditEvents` with only `action` set walked `audit_log` backwards by id until it had a page of that action: a
/// rare action (an authority retired, a member closed) read the whole log, which grows with every account event for
/// as long as the platform runs. `audit_log_by_action` gives those events newest first by action.
enum AuditLogMigration {
    static let version9 = Migration(
        version: 9, name: "the audit log by action",
        statements: [
            "CREATE INDEX audit_log_by_action ON central.audit_log (action, id)"
        ])
}
