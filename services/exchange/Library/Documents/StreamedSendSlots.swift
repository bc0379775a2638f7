import Synchronization

/// The slots of the sends that stream their attachments into an open transaction (documents with more than 1 MiB of
/// attachments): each holds a pooled database connection, and the locks of what it revokes or supersedes, until its
/// last chunk. With at most `limit` of them at once (`VDXP_EXCHANGE_STREAMED_SENDS`, half the pool by default), a few
/// members streaming large documents — or stalling half-way — never hold the connections every other call needs; and
/// with at most ``perMember`` of them for one member, one member never holds them all.
final class StreamedSendSlots: Sendable {
    /// The most sends streaming at once.
    let limit: Int
    /// The most sends one member may stream at once: a third of ``limit``, at least one.
    var perMember: Int { max(1, limit / 3) }
    private let taken = Mutex<(total: Int, byMember: [String: Int])>((0, [:]))

    /// Slots for `limit` sends at once.
    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` in a slot of `member`, freed when it returns or throws; refuses at once when every slot, or the
    /// member's share of them, is taken (a caller sends again in a few seconds, and holds nothing meanwhile).
    ///
    /// - Throws: `ExchangeError.streamedSendsBusy` or `.streamedSendsBusyForMember` (RESOURCE_EXHAUSTED), or what
    ///   `body` throws.
    func withSlot<Result>(for member: String, _ body: () async throws -> Result) async throws -> Result {
        let (limit, share) = (self.limit, perMember)
        let refusal: ExchangeError? = taken.withLock { taken in
            guard taken.total < limit else { return .streamedSendsBusy(limit: limit) }
            guard taken.byMember[member, default: 0] < share else {
                return .streamedSendsBusyForMember(organisationID: member, share: share)
            }
            taken.total += 1
            taken.byMember[member, default: 0] += 1
            return nil
        }
        if let refusal { throw refusal }
        defer {
            taken.withLock { taken in
                taken.total -= 1
                taken.byMember[member, default: 1] -= 1
                if taken.byMember[member] == 0 { taken.byMember[member] = nil }
            }
        }
        return try await body()
    }
}
