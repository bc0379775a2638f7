import VDXPRuntime

/// Report's own settings (the shared ones — addresses, TLS, database, `VDXP_READ_DATABASE_URL` — are in
/// `ServiceConfiguration`).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `VDXP_EXCHANGE_ADDRESS` | Exchange, whose journal Report counts | none: figures stay as they are (warned) |
/// | `VDXP_MONITORING_ADDRESS` | Monitoring, for members by connection state and uptime | none: `sources_missing` names it |
/// | `VDXP_TICKET_ADDRESS` | Ticket, for the support desk's SLA figures | none: `sources_missing` names it |
/// | `VDXP_REPORT_SOURCES_SECONDS` | how often Monitoring and Ticket are read (1 to 86,400) | 300 |
struct ReportSettings: Sendable {
    /// Exchange's gRPC address; nil: the projection does not run.
    var exchangeAddress: HostAndPort?
    /// Monitoring's gRPC address; nil: connection figures are missing.
    var monitoringAddress: HostAndPort?
    /// Ticket's gRPC address; nil: SLA figures are missing.
    var ticketAddress: HostAndPort?
    /// How often Monitoring and Ticket are read; a source not read successfully for three times this long (and at
    /// least 5 minutes) is named in `sources_missing`.
    var sourcesInterval: Duration

    /// Reads the settings.
    init(settings: Settings) throws {
        exchangeAddress = try Self.address("EXCHANGE_ADDRESS", in: settings)
        monitoringAddress = try Self.address("MONITORING_ADDRESS", in: settings)
        ticketAddress = try Self.address("TICKET_ADDRESS", in: settings)
        sourcesInterval = .seconds(try settings.integer("REPORT_SOURCES_SECONDS", default: 300, in: 1...86_400))
    }

    private static func address(_ name: String, in settings: Settings) throws -> HostAndPort? {
        guard settings.optional(name) != nil else { return nil }
        return try settings.address(name, default: "")
    }
}
