extension LocalPostgresCluster {
    /// Where a started cluster accepts connections: TCP on the loopback address, as the superuser `vdxp`, without
    /// a password (the cluster trusts local connections) and without TLS.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// Always `127.0.0.1`: the cluster listens on nothing else.
        public let host: String
        /// The TCP port.
        public let port: Int
        /// The role to connect as: `vdxp`, the cluster's superuser.
        public let user: String
        /// The database VDXP uses: `vdxp`.
        public let database: String

        /// An endpoint from its parts.
        public init(host: String, port: Int, user: String, database: String) {
            self.host = host
            self.port = port
            self.user = user
            self.database = database
        }

        /// The URL for `VDXP_DATABASE_URL`: `postgres://vdxp@127.0.0.1:<port>/vdxp?sslmode=disable`.
        public var url: String {
            "postgres://\(self.user)@\(self.host):\(self.port)/\(self.database)?sslmode=disable"
        }

        /// The same endpoint naming another database of the cluster (e.g. `postgres`).
        public func withDatabase(_ database: String) -> Endpoint {
            Endpoint(host: self.host, port: self.port, user: self.user, database: database)
        }

        /// The same endpoint connecting as the role of `service` (e.g. `exchange` as `vdxp_exchange`,
        /// ``ServiceDatabaseRole``), which ``LocalPostgresCluster/start()`` created: where that service connects.
        public func forService(_ service: String) -> Endpoint {
            Endpoint(
                host: self.host, port: self.port, user: ServiceDatabaseRole(service: service).role,
                database: self.database)
        }

        /// ``url``.
        public var description: String { self.url }
    }
}
