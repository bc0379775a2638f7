import Foundation
import VDXPLocalCluster

/// The database alone doing the writes of a send, one transaction per send, with `pgbench`: the baseline
/// `vdxp bench send` compares the platform with, in the same run and on the same database.
///
/// Each transaction inserts one document row carrying `payloadBytes` of incompressible bytes (the signed document
/// and its attachment, in the row) and two delivery rows, into copies of `exchange.documents` and
/// `exchange.deliveries` with the same columns, defaults and indexes (`CREATE TABLE … (LIKE … INCLUDING ALL)`) in a
/// scratch schema `vdxp_bench`, dropped afterwards. pgbench runs with prepared statements (its fastest mode),
/// `clients` connections and `transactions` transactions in all; its per-transaction log gives the latencies.
struct PgbenchBaseline {
    var databaseURL: String
    var binaries: String
    var clients: Int
    var transactions: Int
    var payloadBytes: Int

    struct Result: Codable, Sendable {
        var transactions: Int
        var seconds: Double
        var tps: Double
        var latencyMs: LatencySummary
        /// PostgreSQL's CPU seconds per transaction (all backends), when its postmaster was found.
        var postgresCPUSecondsPerTransaction: Double?
        /// pgbench's own CPU seconds per transaction: its load client, beside the platform's `client`.
        var clientCPUSecondsPerTransaction: Double?
    }

    static let schema = "vdxp_bench"

    static let script = """
        BEGIN;
        INSERT INTO vdxp_bench.documents
            (document_id, sender, signed_document, envelope_sha256, priority, attachment_count, attachment_bytes,
             send_time, business_type, related_document_id, business_reason, lineage_id, version, legal_value,
             signing_time, send_deadline, on_time, timeliness, legal_value_reason)
        SELECT 'b' || nextval('vdxp_bench.ids'), '000.00.00.G22', payload, sha, 1, 1, length(payload),
               now(), 1, NULL, '', 'b' || currval('vdxp_bench.ids'), 1, 1,
               now(), now() + interval '1 day', true, 'on time', ''
        FROM vdxp_bench.payload;
        INSERT INTO vdxp_bench.deliveries
            (delivery_id, document_id, version, recipient, sender, priority, state, acknowledge_due)
        VALUES (gen_random_uuid(), 'b' || currval('vdxp_bench.ids'), 1, '000.00.00.H26', '000.00.00.G22', 1, 1,
                now() + interval '1 day'),
               (gen_random_uuid(), 'b' || currval('vdxp_bench.ids'), 1, '000.00.00.H01', '000.00.00.G22', 1, 1,
                now() + interval '1 day');
        COMMIT;

        """

    var setupSQL: String {
        """
        DROP SCHEMA IF EXISTS vdxp_bench CASCADE;
        CREATE SCHEMA vdxp_bench;
        CREATE TABLE vdxp_bench.documents (LIKE exchange.documents INCLUDING ALL);
        CREATE TABLE vdxp_bench.deliveries (LIKE exchange.deliveries INCLUDING ALL);
        CREATE SEQUENCE vdxp_bench.ids;
        CREATE TABLE vdxp_bench.payload AS
            SELECT decode(string_agg(lpad(to_hex((random() * 255)::int), 2, '0'), ''), 'hex') AS payload
            FROM generate_series(1, \(payloadBytes));
        ALTER TABLE vdxp_bench.payload ADD COLUMN sha bytea;
        UPDATE vdxp_bench.payload SET sha = sha256(payload);
        """
    }

    /// Runs the baseline: creates the scratch schema, runs pgbench, drops the schema.
    func run(postmaster: pid_t?) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vdxp-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await psql(setupSQL)
        let outcome: Swift.Result<Result, any Error>
        do { outcome = .success(try await measure(postmaster: postmaster, directory: directory)) } catch {
            outcome = .failure(error)
        }
        try? await psql("DROP SCHEMA IF EXISTS vdxp_bench CASCADE")
        return try outcome.get()
    }

    /// Runs pgbench with the send's writes in `directory` and reads its rate, latencies and PostgreSQL's CPU.
    private func measure(postmaster: pid_t?, directory: URL) async throws -> Result {
        let scriptPath = directory.appendingPathComponent("send.sql").path
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let perClient = max(1, transactions / clients)
        let cpuBefore = postmaster.flatMap { ProcessFigures.postgresCPUSeconds(postmaster: $0) }
        let clientBefore = Self.childrenCPUSeconds()
        let output = try await Self.execute(
            binaries + "/pgbench",
            [
                "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(min(2, clients))", "-t", "\(perClient)",
                "-P", "5", "-f", scriptPath, "-l", "--log-prefix", directory.appendingPathComponent("log").path,
                databaseURL,
            ], forwardingErrors: true)
        let cpuAfter = postmaster.flatMap { ProcessFigures.postgresCPUSeconds(postmaster: $0) }
        let clientAfter = Self.childrenCPUSeconds()

        guard let tpsLine = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(tpsLine.dropFirst(6).prefix { $0 != " " })
        else { throw CLIError("pgbench printed no `tps = …` line:\n\(output)") }
        var latencies = LatencyRecorder()
        let logs = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("log.") }
        for log in logs {
            let text = try String(contentsOfFile: directory.appendingPathComponent(log).path, encoding: .utf8)
            for line in text.split(separator: "\n") {
                // client_id transaction_no time_us script_no time_epoch time_us_fraction
                let fields = line.split(separator: " ")
                if fields.count > 2, let micros = UInt64(fields[2]) { latencies.record(microseconds: micros) }
            }
        }
        let done = perClient * clients
        return Result(
            transactions: done, seconds: Double(done) / tps, tps: tps, latencyMs: latencies.summary,
            postgresCPUSecondsPerTransaction: cpuBefore.flatMap { before in
                cpuAfter.map { ($0 - before) / Double(done) }
            },
            clientCPUSecondsPerTransaction: clientBefore.flatMap { before in
                clientAfter.map { ($0 - before) / Double(done) }
            })
    }

    /// CPU seconds of this process's children waited for so far (pgbench, once it has ended).
    private static func childrenCPUSeconds() -> Double? {
        guard let all = ProcessFigures.cpuSeconds(getpid(), children: true),
            let own = ProcessFigures.cpuSeconds(getpid())
        else { return nil }
        return all - own
    }

    private func psql(_ sql: String) async throws {
        _ = try await Self.execute(
            binaries + "/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", databaseURL, "-c", sql],
            forwardingErrors: false)
    }

    /// Runs a program to its end and returns its standard output; its standard error goes to ours when
    /// `forwardingErrors` (pgbench's progress), else into the error thrown on failure.
    static func execute(_ path: String, _ arguments: [String], forwardingErrors: Bool) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CLIError(
                "\(path) not found: install PostgreSQL's client programs (apt-get install postgresql-client, "
                    + "scripts/install-dependencies.sh) or pass --postgres-bin")
        }
        let completed = try await ChildProcess.run(
            path, arguments: arguments, errors: forwardingErrors ? .passedThrough : .separate)
        guard completed.termination.succeeded else {
            throw CLIError(
                "\(path) \(arguments.prefix(3).joined(separator: " ")) … failed (\(completed.termination)): "
                    + completed.standardError + completed.standardOutput)
        }
        return completed.standardOutput
    }
}
