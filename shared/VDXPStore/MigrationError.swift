/// Why a service's schema could not be brought up to date at start-up. The migration named was not applied, nor the
/// migrations of statements that shared its transaction; those before it that committed stay applied
/// (``SchemaMigrator``). Each says what the operator does next.
public enum MigrationError: Error, CustomStringConvertible, Sendable {
    /// The database applied `version` under another name than this build's migration of that number: two lines of
    /// development each added a migration under one number.
    case appliedUnderAnotherName(schema: String, version: Int, applied: String, known: String)
    /// A statement of migration `version` failed (`cause`: PostgreSQL's error as a log may show it).
    case failed(schema: String, version: Int, name: String, cause: String)
    /// Migration `version` waited for its tables' locks ``SchemaMigrator/lockTimeout`` at each of `attempts` attempts.
    case locksBusy(schema: String, version: Int, name: String, attempts: Int)

    public var description: String {
        switch self {
        case .appliedUnderAnotherName(let schema, let version, let applied, let known):
            "schema \(schema): migration \(version) was applied as \"\(applied)\", but this build's migration \(version) "
                + "is \"\(known)\" — the database and this build took one number for two changes. Nothing was "
                + "applied. Deploy the build whose migrations the database has, or give the new migration the number "
                + "after the database's last"
        case .failed(let schema, let version, let name, let cause):
            "schema \(schema): migration \(version) (\"\(name)\") failed: \(cause). It was not applied (nor the "
                + "migrations applied in one transaction with it; an index it left invalid is built again at the next "
                + "start): remove the cause and start again"
        case .locksBusy(let schema, let version, let name, let attempts):
            "schema \(schema): migration \(version) (\"\(name)\") could not lock its tables within "
                + "\(SchemaMigrator.lockTimeoutSeconds) s, \(attempts) times: a long transaction holds them. Find it in "
                + "pg_stat_activity (a long query, or a session 'idle in transaction') and end it, or start again "
                + "when the platform is quieter. Nothing was applied, and the services kept working meanwhile"
        }
    }
}
