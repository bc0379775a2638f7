import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the PostgreSQL programs (through ``ChildProcess``), capturing what they print.
///
/// Output goes to a temporary file, removed on return, rather than a pipe: `pg_ctl start` leaves a server running,
/// and a pipe a daemon inherited would never reach end-of-file. Variables starting with `PG` are removed from the
/// environment so that a developer's `PGHOST`, `PGSSLMODE` or `PGDATA` cannot redirect a command.
struct CommandRunner: Sendable {
    /// The user server commands run as, when this process is root.
    let serverUser: ServerUser?
    /// The working directory of every command: one the server user can enter.
    let workingDirectory: String
    /// Where each command line is logged at debug level.
    let logger: Logger

    /// Runs `executable` with `arguments` and waits for it to exit.
    ///
    /// - Parameter asServerUser: Run through `runuser -u postgres --` when this process is root (for `initdb`,
    ///   `pg_ctl` and `postgres`, which refuse root). Client programs (`psql`, `pg_isready`) need not.
    /// - Returns: The exit status and output; a non-zero status is not an error here.
    /// - Throws: ``LocalClusterError/systemCallFailed(operation:reason:)`` if the command could not be launched.
    func run(_ executable: String, _ arguments: [String], asServerUser: Bool) async throws -> CommandResult {
        var command = (executable: executable, arguments: arguments)
        if asServerUser, let serverUser = self.serverUser {
            command = serverUser.wrap(executable, arguments)
        }
        let commandLine = ShellQuoting.join([command.executable] + command.arguments)
        self.logger.debug("running command", metadata: ["command": "\(commandLine)"])

        let completed: ChildProcess.Completed
        do {
            completed = try await ChildProcess.run(
                command.executable,
                arguments: command.arguments,
                environment: Self.environment(),
                workingDirectory: self.workingDirectory,
                errors: .merged
            )
        } catch let error as ChildProcessError {
            throw LocalClusterError.systemCallFailed(operation: "run \(commandLine)", reason: error.description)
        }
        let exitCode = completed.termination.code
        let output = completed.standardOutput
        self.logger.debug(
            "command finished",
            metadata: ["command": "\(commandLine)", "exit-code": "\(exitCode)"]
        )
        return CommandResult(commandLine: commandLine, exitCode: exitCode, output: output)
    }

    /// This process's environment without `PG*` variables, plus a connection timeout for the client programs.
    static func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["PGCONNECT_TIMEOUT"] = "10"
        return environment
    }
}
