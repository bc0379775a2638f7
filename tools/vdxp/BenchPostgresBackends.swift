import Foundation

/// PostgreSQL's CPU shared out by whose connection spent it: each backend's `application_name` (the services name
/// theirs `vdxp-<service>`), or for PostgreSQL's own processes their `backend_type` (walwriter, checkpointer,
/// autovacuum worker, …). Read with `psql` from `pg_stat_activity` and `/proc/<pid>/stat`.
struct PostgresBackendCPU: Sendable {
    /// CPU seconds so far of each live backend, with its name.
    struct Reading: Sendable {
        var backends: [pid_t: (name: String, seconds: Double)] = [:]
    }

    let databaseURL: String
    /// Where psql is.
    let binaries: String

    /// The backends now; empty if psql cannot be run (the figure is then left out, not guessed).
    func read() async -> Reading {
        let sql = "SELECT pid, coalesce(nullif(application_name, ''), backend_type) FROM pg_stat_activity"
        guard
            let output = try? await PgbenchBaseline.execute(
                binaries + "/psql", ["-X", "-A", "-t", "-F", "\t", "-d", databaseURL, "-c", sql],
                forwardingErrors: false)
        else { return Reading() }
        var reading = Reading()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, let pid = pid_t(fields[0]), let seconds = ProcessFigures.cpuSeconds(pid) else {
                continue
            }
            reading.backends[pid] = (String(fields[1]), seconds)
        }
        return reading
    }

    /// CPU seconds per document spent between two readings, by name: a backend that started in between counts from
    /// zero; one that ended in between is lost (its CPU is still in the phase's `postgres` total).
    static func perDocument(from before: Reading, to after: Reading, count: Int) -> [String: Double] {
        guard count > 0 else { return [:] }
        var seconds: [String: Double] = [:]
        for (pid, backend) in after.backends {
            let start = before.backends[pid].map { $0.name == backend.name ? $0.seconds : 0 } ?? 0
            seconds[backend.name, default: 0] += max(0, backend.seconds - start)
        }
        return seconds.mapValues { $0 / Double(count) }
    }
}
