public import Foundation

#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// Writing files atomically with exact permissions, for keys and certificates.
public enum PrivateFile {
    /// Writes `contents` to `path` atomically: a temporary file in the same directory is created with `mode`, written,
    /// flushed and renamed over `path`. Readers never see a partial file, and a key file never exists, even briefly,
    /// with wider permissions than `mode`.
    public static func writeAtomically(_ contents: String, to path: String, mode: mode_t) throws(TrustError) {
        let temporaryPath = "\(path).tmp-\(UInt32.random(in: .min ... .max))"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw self.failure("create", temporaryPath)
        }
        var succeeded = false
        defer {
            if !succeeded {
                unlink(temporaryPath)
            }
        }
        do {
            defer { close(descriptor) }
            // The umask may have narrowed `mode`; set it exactly.
            guard fchmod(descriptor, mode) == 0 else {
                throw self.failure("set the permissions of", temporaryPath)
            }
            var remaining = Array(contents.utf8)[...]
            while !remaining.isEmpty {
                let written = remaining.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw self.failure("write", temporaryPath)
                }
                remaining = remaining.dropFirst(written)
            }
            guard fsync(descriptor) == 0 else {
                throw self.failure("flush", temporaryPath)
            }
        }
        guard rename(temporaryPath, path) == 0 else {
            throw self.failure("rename \(temporaryPath) to", path)
        }
        succeeded = true
    }

    /// Sets a file's permission bits.
    public static func setMode(_ mode: mode_t, of path: String) throws(TrustError) {
        guard chmod(path, mode) == 0 else {
            throw self.failure("set the permissions of", path)
        }
    }

    /// The permission bits of a file, or `nil` if it does not exist.
    public static func mode(of path: String) -> mode_t? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = attributes[.posixPermissions] as? NSNumber
        else { return nil }
        return mode_t(permissions.uint16Value) & 0o7777
    }

    /// Creates a directory and its parents if they do not exist.
    public static func createDirectory(_ path: String) throws(TrustError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TrustError(
                code: .fileAccess,
                message: "Cannot create the directory '\(path)': check that its parent exists and is writable.",
                cause: error
            )
        }
    }

    /// Whether a regular file exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func failure(_ action: String, _ path: String) -> TrustError {
        let code = errno
        return TrustError(
            code: .fileAccess,
            message: "Cannot \(action) '\(path)': \(String(cString: strerror(code))). Check that the directory exists "
                + "and is writable by this user."
        )
    }
}
