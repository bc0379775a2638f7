import VDXPRuntime

/// Search's settings, read once at start (stated in search_service.proto and docs/operations.md).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `VDXP_EXCHANGE_ADDRESS` | Exchange's gRPC address, whose journal Search indexes | none: nothing is indexed (a warning is logged at start) |
/// | `VDXP_READ_DATABASE_URL` | where queries read (a replica or the read pooler) | `VDXP_DATABASE_URL` |
/// | `VDXP_SEARCH_QUERY_LOG_RETENTION_DAYS` | how long the query log keeps an entry, 30 to 3650 | 730 |
///
/// The projection always writes to `VDXP_DATABASE_URL` (the primary).
struct SearchSettings: Sendable {
    /// Exchange's gRPC address (its journal); nil: the index stays as it is.
    var exchangeAddress: HostAndPort?
    /// How long the query log keeps an entry (`VDXP_SEARCH_QUERY_LOG_RETENTION_DAYS`, default 730): who searched for
    /// what is personal data (Decree 13/2023), kept as long as an audit needs it and no longer.
    var queryLogRetention: Duration

    /// Reads the settings.
    ///
    /// - Throws: when `VDXP_EXCHANGE_ADDRESS` is not `host:port`, or the retention is out of its bounds, naming it.
    init(settings: Settings) throws {
        exchangeAddress = try settings.optional("EXCHANGE_ADDRESS").map { _ in
            try settings.address("EXCHANGE_ADDRESS", default: "")
        }
        queryLogRetention = .seconds(
            86_400 * (try settings.integer("SEARCH_QUERY_LOG_RETENTION_DAYS", default: 730, in: 30...3650)))
    }
}
