import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creating the directories a cluster lives in, readable and searchable by everyone (mode 0755) so that the server's
/// user can reach them when this process is root.
enum Directories {
    /// Creates `path` and any missing parents with mode 0755; existing directories are left as they are.
    static func create(_ path: String) throws {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            var info = stat()
            if stat(current, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw LocalClusterError.systemCallFailed(
                        operation: "create directory \(path)",
                        reason: "\(current) exists and is not a directory"
                    )
                }
                continue
            }
            guard mkdir(current, 0o755) == 0 || errno == EEXIST else {
                throw LocalClusterError.systemCallFailed(
                    operation: "create directory \(current)",
                    reason: ServerUser.lastError()
                )
            }
            _ = chmod(current, 0o755)  // not narrowed by the umask
        }
    }

    /// A new, empty directory `<parent>/<prefix>XXXXXX` with mode 0755.
    static func makeTemporary(prefix: String, in parent: String = "/tmp") throws -> String {
        var template = Array("\(parent)/\(prefix)XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard result != nil else {
            throw LocalClusterError.systemCallFailed(
                operation: "create a temporary directory in \(parent)",
                reason: ServerUser.lastError()
            )
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        _ = chmod(path, 0o755)
        return path
    }

    /// Whether a file or directory exists at `path`.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// The absolute, standardized form of `path` (relative paths are taken from the current directory).
    static func absolute(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        return standardized.count > 1 && standardized.hasSuffix("/") ? String(standardized.dropLast()) : standardized
    }
}
