import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ChildProcess {
    /// What a program run to its end printed, and how it ended.
    public struct Completed: Sendable {
        /// How it ended.
        public let termination: Termination
        /// Whether it was stopped because it outlived the time it was given.
        public let timedOut: Bool
        /// Its standard output (with standard error interleaved when run with `errors: .merged`).
        public let standardOutput: String
        /// Its standard error when run with `errors: .separate`, else empty.
        public let standardError: String
    }

    /// What a program run to its end does with its standard error.
    public enum ErrorHandling: Sendable {
        /// Kept apart, in ``Completed/standardError``.
        case separate
        /// Interleaved with standard output, as written.
        case merged
        /// Written to this process's standard error as it comes (a progress display).
        case passedThrough
    }

    /// Runs `executable` with `arguments` to its end and returns what it printed.
    ///
    /// Output goes to temporary files, removed on return, rather than pipes: a program that leaves a daemon behind
    /// (`pg_ctl start`) would keep a pipe open for good. With a `timeout`, a program still running then gets SIGTERM
    /// and, 5 seconds later, SIGKILL.
    public static func run(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        errors: ErrorHandling = .separate,
        timeout: Duration? = nil
    ) async throws -> Completed {
        let output = try CaptureFile()
        defer { output.remove() }
        let errorFile = errors == .separate ? try CaptureFile() : nil
        defer { errorFile?.remove() }
        let child = try Self.start(
            executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            output: .descriptor(output.descriptor),
            error: errorFile.map { .descriptor($0.descriptor) } ?? (errors == .passedThrough ? .inherited : nil))
        var timedOut = false
        if let timeout {
            let deadline = ContinuousClock.now + timeout
            while child.isRunning, ContinuousClock.now < deadline { await Self.pause(milliseconds: 50) }
            if child.isRunning {
                timedOut = true
                await child.stop(grace: .seconds(5))
            }
        }
        let termination = await child.wait()
        return Completed(
            termination: termination, timedOut: timedOut, standardOutput: output.contents(),
            standardError: errorFile?.contents() ?? "")
    }
}

/// A fresh, private temporary file that a child writes into.
private struct CaptureFile {
    let path: String
    let descriptor: Int32

    init() throws {
        var directory = NSTemporaryDirectory()
        if !directory.hasSuffix("/") { directory += "/" }
        var template = Array((directory + "vdxp-output-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0, fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0 else {
            throw ChildProcessError(
                description: "could not create a temporary file for a program's output: "
                    + String(cString: strerror(errno)))
        }
        self.path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        self.descriptor = descriptor
    }

    func contents() -> String {
        String(decoding: FileManager.default.contents(atPath: self.path) ?? Data(), as: UTF8.self)
    }

    func remove() {
        close(self.descriptor)
        unlink(self.path)
    }
}
