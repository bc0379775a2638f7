public import VDXPRuntime

/// The Report service. Its RPCs arrive with their issue; until then it starts, migrates its `report` schema, follows the
/// global configuration, serves `grpc.health.v1` and metrics, and shuts down cleanly — and declares no RPC it does
/// not implement.
public enum ReportService {
    /// The service definition run by `ServiceHost`.
    public static let definition = ServiceDefinition(
        name: "report",
        migrations: [],
        healthServiceNames: []
    ) { _ in
        ServiceComponents()
    }
}
