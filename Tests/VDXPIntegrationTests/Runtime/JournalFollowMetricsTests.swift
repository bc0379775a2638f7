import Foundation
import Prometheus
import Testing
import VDXPDevelopment
import VDXPProto

@testable import VDXPRuntime

/// What a projection of the journal tells the operator: the entry it applied last and how far behind it was, and each
/// connection that ended in an error — an entry it cannot apply is retried for ever, so that count is what shows a
/// projection stuck (alert `VDXPJournalFollowerFailing`).
@Suite("A journal follower's metrics", .timeLimit(.minutes(10)))
struct JournalFollowMetricsTests {
    @Test("entries applied set the applied sequence and the lag; an entry that cannot be applied counts a failure")
    func appliedAndFailed() async throws {
        try await TestPlatform.with { platform in
            try await platform.sendDocument(TestPlatform.header(number: "9101"))
            // The chainer chains the send's entry a moment after it commits (later still on a loaded machine).
            try await TestMonitoring.eventually("the send's journal entry is chained", within: .seconds(60)) {
                try await !ExchangeJournalSealTests.entries(platform).isEmpty
            }
            let registry = PrometheusCollectorRegistry()
            let metrics = JournalFollowMetrics(factory: PrometheusMetricsFactory(registry: registry))
            let identity = try #require(platform.pki.services["search"])
            func follow(_ apply: @escaping ([Vdxp_Exchange_V1_JournalEntry]) async throws -> Void) async throws -> Int64
            {
                try await BatchingBuffer.applying(
                    journalOf: platform.exchange, after: 0, untilHead: true, batchSize: 1000,
                    certificatePath: identity.certificate, keyPath: identity.key,
                    platformCAPath: platform.pki.platformCA, metrics: metrics, apply)
            }
            func exposition() -> String {
                var bytes: [UInt8] = []
                registry.emit(into: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            }

            let head = try await follow { _ in }
            #expect(head > 0)
            let text = exposition()
            #expect(text.contains("vdxp_journal_applied_sequence \(head)"), "\(text)")
            #expect(text.contains("vdxp_journal_lag_seconds "), "\(text)")
            #expect(!text.contains("vdxp_journal_follow_failures_total 1"), "\(text)")

            struct Poison: Error {}
            await #expect(throws: Poison.self) { _ = try await follow { _ in throw Poison() } }
            #expect(exposition().contains("vdxp_journal_follow_failures_total 1"), "\(exposition())")
        }
    }
}
