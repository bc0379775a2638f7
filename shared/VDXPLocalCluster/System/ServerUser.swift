import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The unprivileged system user the server commands run as when this process is root.
///
/// `initdb` and `postgres` refuse to run as root. Debian's `postgresql` package creates a `postgres` system user;
/// when this process's effective user is root, every server command is run through
/// `runuser -u postgres -- …` and the cluster directory is handed to that user.
struct ServerUser: Sendable, Hashable {
    /// The user Debian's `postgresql` package creates.
    static let defaultName = "postgres"

    /// Where `runuser` (util-linux) may be installed.
    static let runuserCandidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]

    /// The user name.
    let name: String
    /// The user's id.
    let uid: uid_t
    /// The user's primary group id.
    let gid: gid_t
    /// Every group the user belongs to, primary first.
    let groups: [gid_t]
    /// The `runuser` program.
    let runuser: String

    /// `nil` when this process is not root (commands then run as this process's user); else the `postgres` user.
    ///
    /// - Throws: ``LocalClusterError/serverUserMissing(user:)`` if this process is root and the user does not exist,
    ///   or ``LocalClusterError/systemCallFailed(operation:reason:)`` if `runuser` is missing.
    static func forCurrentProcess(name: String = ServerUser.defaultName) throws -> ServerUser? {
        guard geteuid() == 0 else { return nil }
        guard let (uid, gid) = Self.lookUp(name) else {
            throw LocalClusterError.serverUserMissing(user: name)
        }
        guard let runuser = Self.runuserCandidates.first(where: { access($0, X_OK) == 0 }) else {
            throw LocalClusterError.systemCallFailed(
                operation: "find runuser to run the server as '\(name)'",
                reason: "not in \(Self.runuserCandidates.joined(separator: ", ")); apt-get install -y util-linux"
            )
        }
        return ServerUser(name: name, uid: uid, gid: gid, groups: Self.groups(of: name, primary: gid), runuser: runuser)
    }

    /// The command line that runs `executable arguments…` as this user.
    func wrap(_ executable: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        (self.runuser, ["-u", self.name, "--", executable] + arguments)
    }

    /// Gives `path` and everything under it to this user (symbolic links themselves, never their targets).
    func takeOwnership(ofTree path: String) throws {
        try self.takeOwnership(of: path)
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return }
        while let relative = enumerator.nextObject() as? String {
            try self.takeOwnership(of: path + "/" + relative)
        }
    }

    /// Gives one file or directory to this user, unless it already belongs to it.
    func takeOwnership(of path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }  // vanished meanwhile (a server that is running rewrites files)
            throw LocalClusterError.systemCallFailed(operation: "inspect \(path)", reason: Self.lastError())
        }
        if info.st_uid == self.uid && info.st_gid == self.gid { return }
        guard lchown(path, self.uid, self.gid) == 0 else {
            throw LocalClusterError.systemCallFailed(
                operation: "give \(path) to \(self.name)",
                reason: Self.lastError()
            )
        }
    }

    /// The first directory from `/` down to `path` that this user may not search, judged by the mode bits;
    /// `nil` if every one is searchable (or does not exist yet).
    func firstUnsearchableDirectory(on path: String) -> String? {
        var directories = ["/"]
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            directories.append(current)
        }
        for directory in directories {
            var info = stat()
            guard stat(directory, &info) == 0 else { return nil }
            if !self.maySearch(info) { return directory }
        }
        return nil
    }

    /// Whether this user's permission bits on a directory include search (`x`).
    private func maySearch(_ info: stat) -> Bool {
        let mode = info.st_mode
        if info.st_uid == self.uid { return mode & S_IXUSR != 0 }
        if self.groups.contains(info.st_gid) { return mode & S_IXGRP != 0 }
        return mode & S_IXOTH != 0
    }

    /// The uid and primary gid of `name`, from the password database.
    private static func lookUp(_ name: String) -> (uid_t, gid_t)? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>? = nil
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status = getpwnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return (entry.pw_uid, entry.pw_gid)
    }

    /// Every group `name` belongs to; at least `primary`.
    private static func groups(of name: String, primary: gid_t) -> [gid_t] {
        #if canImport(Glibc)
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primary, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, primary, &groups, &count) != -1 else { return [primary] }
        }
        return Array(groups.prefix(Int(count)))
        #else
        return [primary]
        #endif
    }

    /// `strerror(errno)`.
    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
