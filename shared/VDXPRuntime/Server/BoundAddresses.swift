/// Where a running service listens (the real ports, also when 0 was configured).
public struct BoundAddresses: Sendable, Codable, Hashable {
    /// The mTLS gRPC listener.
    public var grpc: HostAndPort
    /// The plaintext health listener.
    public var health: HostAndPort
    /// The metrics listener.
    public var metrics: HostAndPort
    /// The public listener, for services that have one (Central).
    public var `public`: HostAndPort?
}
