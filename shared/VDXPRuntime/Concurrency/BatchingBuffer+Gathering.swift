extension BatchingBuffer {
    /// Hands the buffered elements to `apply` in batches of at most `maximum`, oldest first, until the producer
    /// finishes (rethrowing its error). While elements keep coming, a batch is taken at the earliest `interval` after
    /// the previous one started — unless the previous one was full — so that a steady trickle is applied in batches
    /// of many instead of one by one; an element waits at most `interval` longer for it. Cancellation ends the wait.
    public func applyBatches(
        maximum: Int, gatheringFor interval: Duration, _ apply: ([Element]) async throws -> Void
    ) async throws {
        var gatherUntil: ContinuousClock.Instant?
        while true {
            if let gatherUntil, ContinuousClock.now < gatherUntil { try await Task.sleep(until: gatherUntil) }
            guard let batch = try await next(maximum: maximum), !batch.isEmpty else { return }
            gatherUntil = batch.count < maximum ? .now + interval : nil
            try await apply(batch)
        }
    }
}
