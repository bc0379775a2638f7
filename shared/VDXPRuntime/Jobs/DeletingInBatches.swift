/// Deletes with `deleteBatch` — which deletes at most the number it is given and answers how many it did — batch
/// after batch until one comes back short or the task is cancelled; answers how many in all. What the retention jobs
/// (alerts, the query log, request ids) run each round, so that no statement holds locks on a large set of rows.
public func deletingInBatches(of limit: Int, _ deleteBatch: (Int) async throws -> Int) async throws -> Int {
    var deleted = 0
    while !Task.isCancelled {
        let batch = try await deleteBatch(limit)
        deleted += batch
        if batch < limit { break }
    }
    return deleted
}
