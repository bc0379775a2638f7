/// Why a ``LocalPostgresCluster`` could not be found, started, stopped or removed.
///
/// Every case renders, through ``description``, as a message meant for a developer at a terminal: what failed, the
/// evidence (command output, the tail of `postgres.log`) and what to do about it.
public enum LocalClusterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The PostgreSQL programs are not installed where they were looked for.
    ///
    /// - Parameters:
    ///   - searched: The directories looked in.
    ///   - missing: The programs that were absent from the last directory looked in.
    case binariesNotFound(searched: [String], missing: [String])

    /// This process runs as root, so the server must run as `user` (initdb and postgres refuse root), but no such
    /// user exists.
    case serverUserMissing(user: String)

    /// The server's user cannot reach or write the cluster directory.
    ///
    /// - Parameters:
    ///   - path: The cluster directory.
    ///   - user: The user the server runs as.
    ///   - blocker: The first directory on the way that the user may not search, if one could be named.
    case directoryNotAccessible(path: String, user: String, blocker: String?)

    /// A file-system or socket operation failed.
    ///
    /// - Parameters:
    ///   - operation: What was being done, e.g. `create directory /tmp/x`.
    ///   - reason: The system's explanation.
    case systemCallFailed(operation: String, reason: String)

    /// A command exited unsuccessfully.
    ///
    /// - Parameters:
    ///   - command: The command line as run, shell-quoted (including any `runuser` prefix).
    ///   - exitCode: Its exit status, or the negated signal number if a signal ended it.
    ///   - output: The last lines of its standard output and standard error, interleaved.
    ///   - serverLog: The last lines of the cluster's `postgres.log`, when there is one.
    ///   - hint: What is most likely wrong and what to try.
    case commandFailed(command: String, exitCode: Int32, output: [String], serverLog: [String], hint: String)

    /// The cluster answered but not as expected (for example its `postmaster.pid` gave no port).
    case unexpectedState(String)

    /// How many lines of command output and of `postgres.log`
    /// ``commandFailed(command:exitCode:output:serverLog:hint:)`` keeps.
    public static let tailLineCount = 20

    /// A message for a person: what failed, the evidence and a hint.
    public var description: String {
        switch self {
        case .binariesNotFound(let searched, let missing):
            return """
                PostgreSQL server binaries not found: apt-get install -y postgresql (or set VDXP_POSTGRES_BIN) \
                [looked in \(searched.joined(separator: ", ")); missing \(missing.joined(separator: ", "))]
                """
        case .serverUserMissing(let user):
            return """
                This process runs as root, and initdb/postgres refuse to run as root, so the local PostgreSQL cluster \
                must run as the system user '\(user)' — but there is no such user. Either run as a non-root user, or \
                install Debian's server package, which creates it: apt-get install -y postgresql
                """
        case .directoryNotAccessible(let path, let user, let blocker):
            let culprit: String
            if let blocker {
                culprit = "\(blocker) is not searchable by '\(user)'; grant it with: chmod o+x \(blocker)"
            } else {
                culprit = "a parent directory is not searchable by '\(user)'"
            }
            return """
                The local PostgreSQL cluster runs as '\(user)' (initdb/postgres refuse to run as root), and that user \
                cannot reach \(path): \(culprit). Put the cluster under a directory every user can traverse \
                (for example /tmp or /var/tmp), or fix the permissions.
                """
        case .systemCallFailed(let operation, let reason):
            return "Local PostgreSQL cluster: could not \(operation): \(reason)"
        case .commandFailed(let command, let exitCode, let output, let serverLog, let hint):
            var lines = ["`\(command)` failed with exit code \(exitCode)."]
            lines.append("Output (last \(Self.tailLineCount) lines):")
            lines.append(contentsOf: output.isEmpty ? ["  (none)"] : output.map { "  " + $0 })
            if !serverLog.isEmpty {
                lines.append("postgres.log (last \(Self.tailLineCount) lines):")
                lines.append(contentsOf: serverLog.map { "  " + $0 })
            }
            lines.append("Hint: \(hint)")
            return lines.joined(separator: "\n")
        case .unexpectedState(let message):
            return "Local PostgreSQL cluster: \(message)"
        }
    }
}
