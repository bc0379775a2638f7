import Foundation
import Logging

extension LocalPostgresCluster {
    /// Stops the server (`pg_ctl -D data -m fast -w stop`): open sessions are disconnected and their transactions
    /// rolled back. Does nothing if the server is not running or the cluster does not exist.
    ///
    /// - Throws: ``LocalClusterError`` if the server is running and does not stop.
    public func stop() async throws {
        guard let pidFile = PostmasterPIDFile.read(dataDirectory: self.dataDirectory) else {
            self.logger.debug("local PostgreSQL is not running", metadata: ["directory": "\(self.directory)"])
            return
        }
        let context = try await self.makeContext(preparingDirectory: false)
        guard try await self.isRunning(context) else {
            self.logger.debug("local PostgreSQL is not running", metadata: ["directory": "\(self.directory)"])
            self.removeTemporarySocketDirectory(pidFile.socketDirectory)
            return
        }

        self.logger.info("stopping local PostgreSQL", metadata: ["directory": "\(self.directory)"])
        let result = try await context.runServer(
            context.binaries.pgCtl,
            ["-D", self.dataDirectory, "-m", "fast", "-w", "-t", "\(Self.startStopTimeoutSeconds)", "stop"]
        )
        if !result.succeeded, try await self.isRunning(context) {
            throw self.failure(
                result,
                hint: """
                    The server did not stop in \(Self.startStopTimeoutSeconds) s. Try again, or stop it at once with: \
                    pg_ctl -D \(self.dataDirectory) -m immediate stop
                    """
            )
        }
        self.removeTemporarySocketDirectory(pidFile.socketDirectory)
    }

    /// Stops the server and deletes the whole cluster directory, for tests (and for starting afresh).
    ///
    /// - Throws: ``LocalClusterError`` if the server does not stop (the directory is then left in place) or the
    ///   directory cannot be removed.
    public func destroy() async throws {
        try await self.stop()
        guard Directories.exists(self.directory) else { return }
        self.logger.info("removing local PostgreSQL cluster", metadata: ["directory": "\(self.directory)"])
        do {
            try FileManager.default.removeItem(atPath: self.directory)
        } catch {
            throw LocalClusterError.systemCallFailed(operation: "remove \(self.directory)", reason: "\(error)")
        }
    }
}
