import VDXPRuntime

/// Report's own settings (the shared ones — addresses, TLS, database, `VDXP_READ_DATABASE_URL` — are in
/// `ServiceConfiguration`).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `VDXP_EXCHANGE_ADDRESS` | Exchange, whose journal Report counts | none: figures stay as they are (warned) |
/// | `VDXP_MONITORING_ADDRESS` | Monitoring, for members by connection state | none: `sources_missing` names it |
/// | `VDXP_TICKET_ADDRESS` | Ticket, for the support desk's SLA figures | none: `sources_missing` names it |
struct ReportSettings: Sendable {
    /// Exchange's gRPC address; nil: the projection does not run.
    var exchangeAddress: HostAndPort?
    /// Monitoring's gRPC address; nil: connection figures are missing.
    var monitoringAddress: HostAndPort?
    /// Ticket's gRPC address; nil: SLA figures are missing.
    var ticketAddress: HostAndPort?

    /// Reads the settings.
    init(settings: Settings) throws {
        exchangeAddress = try Self.address("EXCHANGE_ADDRESS", in: settings)
        monitoringAddress = try Self.address("MONITORING_ADDRESS", in: settings)
        ticketAddress = try Self.address("TICKET_ADDRESS", in: settings)
    }

    private static func address(_ name: String, in settings: Settings) throws -> HostAndPort? {
        guard settings.optional(name) != nil else { return nil }
        return try settings.address(name, default: "")
    }
}
