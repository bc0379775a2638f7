import Prometheus
import Synchronization
import Testing

@testable import VDXPExchange

@Suite("Commit coalescer: concurrent writes grouped within their bounds, each answered with its own outcome")
struct CommitCoalescerTests {
    /// Records each group it is given; fails the items equal to `failing`.
    final class Writer: Sendable {
        let groups = Mutex<[[Int]]>([])
        let failing: Int?
        init(failing: Int? = nil) { self.failing = failing }

        func write(_ group: [Int]) async -> [Result<String, any Error>] {
            groups.withLock { $0.append(group) }
            try? await Task.sleep(for: .milliseconds(20))  // a commit takes time; the next group fills meanwhile
            return group.map { $0 == failing ? .failure(CancellationError()) : .success("stored \($0)") }
        }
    }

    private func submitAll(
        _ items: [Int], bytes: Int = 1, to coalescer: CommitCoalescer<Int, String>
    ) async -> [Int: Result<String, any Error>] {
        await withTaskGroup(of: (Int, Result<String, any Error>).self) { group in
            for item in items {
                group.addTask {
                    do { return (item, .success(try await coalescer.submit(item, bytes: bytes))) } catch {
                        return (item, .failure(error))
                    }
                }
            }
            var results: [Int: Result<String, any Error>] = [:]
            for await (item, result) in group { results[item] = result }
            return results
        }
    }

    @Test("every item is written exactly once and answered with its own outcome; groups hold at most the count")
    func eachAnsweredOnce() async throws {
        let writer = Writer()
        let coalescer = CommitCoalescer<Int, String>(
            maximumCount: 8, maximumBytes: 1 << 20, window: .milliseconds(5), maximumGroupsInFlight: 1
        ) { await writer.write($0) }
        let results = await submitAll(Array(0..<50), to: coalescer)
        for item in 0..<50 { #expect(try results[item]?.get() == "stored \(item)") }
        let groups = writer.groups.withLock { $0 }
        #expect(groups.flatMap { $0 }.sorted() == Array(0..<50))
        #expect(groups.allSatisfy { $0.count <= 8 })
        #expect(groups.count < 50, "concurrent items share groups")
    }

    @Test("a group holds at most its bytes, but an item larger than that still goes, alone")
    func bytesBound() async throws {
        let writer = Writer()
        let coalescer = CommitCoalescer<Int, String>(
            maximumCount: 100, maximumBytes: 100, window: .milliseconds(5), maximumGroupsInFlight: 1
        ) { await writer.write($0) }
        let results = await submitAll(Array(0..<10), bytes: 40, to: coalescer)
        #expect(results.values.allSatisfy { (try? $0.get()) != nil })
        #expect(writer.groups.withLock { $0 }.allSatisfy { $0.count <= 2 }, "two items of 40 bytes fit in 100")
        let big = try await coalescer.submit(99, bytes: 1000)
        #expect(big == "stored 99")
    }

    @Test("one failed item fails only its own request")
    func failureStaysWithItsItem() async throws {
        let writer = Writer(failing: 3)
        let coalescer = CommitCoalescer<Int, String>(
            maximumCount: 16, maximumBytes: 1 << 20, window: .milliseconds(5), maximumGroupsInFlight: 2
        ) { await writer.write($0) }
        let results = await submitAll(Array(0..<10), to: coalescer)
        for item in 0..<10 {
            if item == 3 {
                #expect(throws: CancellationError.self) { try results[item]?.get() }
            } else {
                #expect(try results[item]?.get() == "stored \(item)")
            }
        }
    }

    @Test("each group's size and time go to Prometheus under its kind: the sizes add up to the writes")
    func groupsMeasured() async throws {
        let registry = PrometheusCollectorRegistry()
        let writer = Writer()
        let coalescer = CommitCoalescer<Int, String>(
            maximumCount: 8, maximumBytes: 1 << 20, window: .milliseconds(5), maximumGroupsInFlight: 1,
            metrics: CommitGroupMetrics(kind: .send, registry: registry)
        ) { await writer.write($0) }
        _ = await submitAll(Array(0..<50), to: coalescer)
        let groups = writer.groups.withLock { $0 }

        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
        func value(_ series: String) -> Double? {
            lines.first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        #expect(value(#"vdxp_exchange_commit_group_size_sum{kind="send"}"#) == 50)
        #expect(value(#"vdxp_exchange_commit_group_size_count{kind="send"}"#) == Double(groups.count))
        #expect(
            value(#"vdxp_exchange_commit_group_size_bucket{kind="send",le="8.0"}"#) == Double(groups.count),
            "no group is larger than its maximum")
        #expect(
            value(#"vdxp_exchange_commit_group_seconds_count{kind="send"}"#) == Double(groups.count),
            "each group is timed")
        #expect(
            value(#"vdxp_exchange_commit_group_seconds_bucket{kind="send",le="0.01"}"#) == 0,
            "a group's time includes its write (20 ms here)")
    }
}
