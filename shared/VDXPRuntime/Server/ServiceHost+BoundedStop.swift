import Logging
import ServiceLifecycle
import VDXPStore

/// Services that still ran ``ServiceHost/cancellationLimit`` after the group cancelled them at the end of its graceful
/// shutdown: the host stopped waiting for them so that the process can exit.
public struct ShutdownOverrunError: Error, CustomStringConvertible {
    /// The services still running, by name.
    public let services: [String]
    /// How long after the shutdown began the host gave up on them.
    public let after: Duration

    public var description: String {
        "these services were still running \(after) after shutdown began, although cancelled: "
            + "\(services.joined(separator: ", ")); the host stopped without them (a service that ignores task "
            + "cancellation is a bug: report it with this log)"
    }
}

extension ServiceHost {
    /// How long a service may take to stop once cancelled, after the graceful shutdown's time is up.
    public static let cancellationLimit = Duration.seconds(10)

    /// Runs `serviceGroup` until it stops, but from the moment its shutdown begins at most `shutdownGrace` (after
    /// which the group cancels its services) plus ``cancellationLimit``: a service that ignores cancellation too is
    /// left behind, named in a ``ShutdownOverrunError``, so that a stop always ends (the process exits and the OS
    /// closes what is left).
    func runBounded(_ serviceGroup: ServiceGroup) async throws {
        let running = self.running
        let limit = configuration.shutdownGrace + Self.cancellationLimit
        let outcome = RacedOutcome<Void>()
        let group = Task {
            do {
                try await serviceGroup.run()
                outcome.settle(.success(()))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let deadline = Task {
            await running.shutdownBegun()
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            outcome.settle(.failure(ShutdownOverrunError(services: running.groupServices, after: limit)))
        }
        defer { deadline.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await outcome.value
            } onCancel: {
                running.shutdownBegan()
                group.cancel()
            }
        } catch let overrun as ShutdownOverrunError {
            logger.error("\(overrun)")
            throw overrun
        }
    }
}
