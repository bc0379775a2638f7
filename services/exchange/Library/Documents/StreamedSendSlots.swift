import Synchronization

/// The slots of the sends that stream their attachments into an open transaction (documents with more than 1 MiB of
/// attachments): each holds a pooled database connection, and the locks of what it revokes or supersedes, until its
/// last chunk. With at most `limit` of them at once (`VDXP_EXCHANGE_STREAMED_SENDS`, half the pool by default), a few
/// members streaming large documents — or stalling half-way — never hold the connections every other call needs.
final class StreamedSendSlots: Sendable {
    /// The most sends streaming at once.
    let limit: Int
    private let taken = Mutex(0)

    /// Slots for `limit` sends at once.
    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` in a slot, freed when it returns or throws; refuses at once when every slot is taken (a caller
    /// sends again in a few seconds, and holds nothing meanwhile).
    ///
    /// - Throws: `ExchangeError.streamedSendsBusy` (RESOURCE_EXHAUSTED), or what `body` throws.
    func withSlot<Result>(_ body: () async throws -> Result) async throws -> Result {
        let limit = self.limit
        let acquired = taken.withLock { taken in
            guard taken < limit else { return false }
            taken += 1
            return true
        }
        guard acquired else { throw ExchangeError.streamedSendsBusy(limit: limit) }
        defer { taken.withLock { $0 -= 1 } }
        return try await body()
    }
}
