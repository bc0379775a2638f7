/// How one command run by ``CommandRunner`` ended, with everything it printed.
struct CommandResult: Sendable {
    /// The command line as run (including any `runuser` prefix), shell-quoted, for messages.
    let commandLine: String
    /// The exit status, or the negated signal number if a signal ended the command.
    let exitCode: Int32
    /// Standard output and standard error, interleaved as written.
    let output: String

    /// Whether the command exited with status 0.
    var succeeded: Bool { self.exitCode == 0 }

    /// The last `count` non-empty lines of ``output``.
    func lastLines(_ count: Int = LocalClusterError.tailLineCount) -> [String] {
        TextTail.lastLines(of: self.output, count: count)
    }
}
