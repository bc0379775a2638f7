import Foundation

/// The `postmaster.pid` file a running server keeps in its data directory.
///
/// Its lines, since PostgreSQL 10: process id, data directory, start time, port, first Unix-socket directory,
/// first listen address, shared-memory key, and status (`starting`, `ready`, `stopping`, `standby`).
struct PostmasterPIDFile: Sendable, Hashable {
    /// The postmaster's process id.
    let processID: Int32
    /// The TCP port the server listens on (line 4).
    let port: Int?
    /// The first Unix-socket directory (line 5), if any.
    let socketDirectory: String?
    /// The server's status (line 8), if written yet.
    let status: String?

    /// The file in `dataDirectory`, or `nil` if there is none or it cannot be parsed.
    static func read(dataDirectory: String) -> PostmasterPIDFile? {
        guard let data = FileManager.default.contents(atPath: dataDirectory + "/postmaster.pid") else { return nil }
        return Self.parse(String(decoding: data, as: UTF8.self))
    }

    /// Parses the file's text.
    static func parse(_ text: String) -> PostmasterPIDFile? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let first = lines.first, let processID = Int32(first) else { return nil }
        func line(_ number: Int) -> String? {
            lines.count >= number && !lines[number - 1].isEmpty ? lines[number - 1] : nil
        }
        return PostmasterPIDFile(
            processID: processID,
            port: line(4).flatMap { Int($0) },
            socketDirectory: line(5),
            status: line(8)
        )
    }
}
