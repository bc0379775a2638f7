import VDXPRuntime

/// Search's settings, read once at start (stated in search_service.proto and docs/operations.md).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `VDXP_EXCHANGE_ADDRESS` | Exchange's gRPC address, whose journal Search indexes | none: nothing is indexed (a warning is logged at start) |
/// | `VDXP_READ_DATABASE_URL` | where queries read (a replica or the read pooler) | `VDXP_DATABASE_URL` |
///
/// The projection always writes to `VDXP_DATABASE_URL` (the primary).
struct SearchSettings: Sendable {
    /// Exchange's gRPC address (its journal); nil: the index stays as it is.
    var exchangeAddress: HostAndPort?

    /// Reads the settings.
    ///
    /// - Throws: when `VDXP_EXCHANGE_ADDRESS` is not `host:port`, naming it.
    init(settings: Settings) throws {
        exchangeAddress = try settings.optional("EXCHANGE_ADDRESS").map { _ in
            try settings.address("EXCHANGE_ADDRESS", default: "")
        }
    }
}
