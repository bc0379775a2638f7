import Foundation

extension LocalPostgresCluster {
    /// The longest Unix-socket path the kernel accepts: `sun_path` holds 108 bytes, one of them the final NUL.
    static let maximumSocketPathLength = 107

    /// The prefix of the socket directories made under `/tmp` when `<directory>/run` is too deep.
    static let temporarySocketDirectoryPrefix = "vdxp-pg-"

    /// A directory for the server's Unix socket `.s.PGSQL.<port>`: `<directory>/run` when the socket path fits in
    /// ``maximumSocketPathLength`` bytes, else a new `/tmp/vdxp-pg-XXXXXX`. Both have mode 0755 and belong to the
    /// server user.
    func makeSocketDirectory(port: Int, serverUser: ServerUser?) throws -> String {
        let socketName = "/.s.PGSQL.\(port)"
        let directory: String
        if (self.runDirectory + socketName).utf8.count <= Self.maximumSocketPathLength {
            directory = self.runDirectory
            try Directories.create(directory)
        } else {
            directory = try Directories.makeTemporary(prefix: Self.temporarySocketDirectoryPrefix)
        }
        try serverUser?.takeOwnership(of: directory)
        return directory
    }

    /// Removes `socketDirectory` if it is one made under `/tmp` by ``makeSocketDirectory(port:serverUser:)``;
    /// leaves `<directory>/run` alone.
    func removeTemporarySocketDirectory(_ socketDirectory: String?) {
        guard let socketDirectory,
            socketDirectory != self.runDirectory,
            socketDirectory.hasPrefix("/tmp/" + Self.temporarySocketDirectoryPrefix)
        else { return }
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }
}
