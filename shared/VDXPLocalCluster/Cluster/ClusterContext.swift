/// What one operation on a ``LocalPostgresCluster`` works with: the programs, the user the server runs as, and a
/// command runner set up for both.
struct ClusterContext: Sendable {
    /// The PostgreSQL programs.
    let binaries: PostgresBinaries
    /// The user server commands run as, when this process is root; `nil` otherwise.
    let serverUser: ServerUser?
    /// Runs the programs.
    let runner: CommandRunner

    /// Runs a server program (`initdb`, `pg_ctl`): as ``serverUser`` when there is one.
    func runServer(_ executable: String, _ arguments: [String]) async throws -> CommandResult {
        try await self.runner.run(executable, arguments, asServerUser: true)
    }

    /// Runs a client program (`psql`, `pg_isready`) as this process's user.
    func runClient(_ executable: String, _ arguments: [String]) async throws -> CommandResult {
        try await self.runner.run(executable, arguments, asServerUser: false)
    }
}
