public import Logging

extension LocalPostgresCluster {
    /// Starts a throwaway cluster in a fresh `/tmp/vdxp-pgtest-XXXXXX` directory, on a free port, with crash safety
    /// off (``fastUnsafe``): for tests. Call ``destroy()`` when done.
    ///
    /// - Returns: The cluster and where to connect to its `vdxp` database.
    /// - Throws: ``LocalClusterError``; the directory is removed again if the cluster does not start.
    public static func temporary(logger: Logger) async throws -> (LocalPostgresCluster, Endpoint) {
        let directory = try Directories.makeTemporary(prefix: "vdxp-pgtest-")
        let cluster = LocalPostgresCluster(directory: directory, fastUnsafe: true, logger: logger)
        do {
            let endpoint = try await cluster.start()
            return (cluster, endpoint)
        } catch {
            try? await cluster.destroy()
            throw error
        }
    }
}
