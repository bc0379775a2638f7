import Foundation
import Testing

@testable import VDXPMonitoring

/// Latency histograms that add up minute by minute, and the percentiles read from them.
@Suite("Operational statistics: latency histograms")
struct LatencyHistogramTests {
    @Test("a latency falls in the first bucket whose bound it does not exceed; beyond a day, the last")
    func buckets() {
        #expect(LatencyHistogram.bucket(of: 0) == 0)
        #expect(LatencyHistogram.bucket(of: -3) == 0, "clocks that disagree count as no wait")
        #expect(LatencyHistogram.bucket(of: 0.1) == 0)
        #expect(LatencyHistogram.bucket(of: 0.11) == 1)
        #expect(LatencyHistogram.bucket(of: 3600) == LatencyHistogram.bounds.firstIndex(of: 3600))
        #expect(LatencyHistogram.bucket(of: 200_000) == LatencyHistogram.bounds.count)
    }

    @Test("histograms of single latencies add up, and an empty one has no percentile")
    func adding() {
        var sum = LatencyHistogram()
        #expect(sum.percentile(0.5) == nil)
        for seconds in [0.05, 0.05, 4.0, 4.0, 4.0, 50_000] { sum.add(LatencyHistogram(one: seconds)) }
        #expect(sum.total == 6)
        #expect(sum.counts[0] == 2)
        #expect(sum.counts[LatencyHistogram.bucket(of: 4)] == 3)
    }

    @Test("percentiles interpolate within the bucket that holds the rank")
    func percentiles() {
        // 100 latencies: 50 in (0, 0.1], 45 in (2.5, 5], 5 in (60, 120].
        var histogram = LatencyHistogram()
        histogram.counts[0] = 50
        histogram.counts[LatencyHistogram.bucket(of: 4)] = 45
        histogram.counts[LatencyHistogram.bucket(of: 100)] = 5
        #expect(histogram.percentile(0.5) == 0.1)
        let p95 = try! #require(histogram.percentile(0.95))
        #expect(p95 == 5)
        let p99 = try! #require(histogram.percentile(0.99))
        #expect(abs(p99 - (60 + 60 * 4.0 / 5)) < 1e-9)
        #expect(histogram.percentile(0.51).map { $0 > 2.5 && $0 < 5 } == true)
    }

    @Test("latencies beyond the last bound answer that bound; a shorter stored array is padded")
    func beyondTheLastBound() {
        #expect(LatencyHistogram(one: 200_000).percentile(0.99) == LatencyHistogram.bounds.last)
        #expect(LatencyHistogram(counts: [3]).counts.count == LatencyHistogram.bounds.count + 1)
        #expect(LatencyHistogram(counts: [3]).percentile(1) == 0.1)
    }
}
