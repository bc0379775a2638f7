public import GRPCCore

extension ServerContext.RPCCancellationHandle {
    /// Runs `body` for each element of `stream` until the stream ends or this RPC is cancelled — the client went away
    /// or reset the stream, its deadline passed, or the server is shutting down — whichever comes first.
    ///
    /// A handler that only checks ``isCancelled`` between elements keeps waiting for the next element after its client
    /// is gone, which for a stream that rarely changes (a health status, the global configuration) is for ever: its
    /// task, its subscription and its place in the caller's stream quota (`ConcurrentCallLimitInterceptor`) with it.
    public func forEach<Element: Sendable>(
        of stream: AsyncStream<Element>, _ body: @escaping @Sendable (Element) async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await element in stream { try await body(element) }
            }
            group.addTask {
                // Thrown CancellationError when the stream ended first and the group cancels this waiter.
                try? await self.cancelled
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
