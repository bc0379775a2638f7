import Foundation

/// Latencies counted in fixed buckets, so that per-minute histograms add up over any window and percentiles come
/// from the sum (as Prometheus histograms and X-Road's operational monitoring do): bucket `i` counts latencies up to
/// ``bounds``[i] seconds and above the previous bound; the last bucket counts everything longer than the last bound.
/// Pure: no I/O.
struct LatencyHistogram: Sendable, Equatable {
    /// The buckets' upper bounds in seconds, from 100 ms (an acknowledgement right after a fetch) to a day (a
    /// delivery acknowledged the next working day).
    static let bounds: [Double] = [
        0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 86_400,
    ]

    /// How many latencies fell in each bucket: one more bucket than ``bounds``.
    var counts: [Int64]

    /// An empty histogram.
    init() {
        counts = Array(repeating: 0, count: Self.bounds.count + 1)
    }

    /// A histogram with these counts (padded or cut to the bucket count: an array stored by another version).
    init(counts: [Int64]) {
        var padded = Array(counts.prefix(Self.bounds.count + 1))
        padded += Array(repeating: 0, count: Self.bounds.count + 1 - padded.count)
        self.counts = padded
    }

    /// The histogram of one latency of `seconds` (a negative one, from clocks that disagree, counts as 0).
    init(one seconds: Double) {
        self.init()
        counts[Self.bucket(of: seconds)] = 1
    }

    /// The bucket a latency of `seconds` falls in.
    static func bucket(of seconds: Double) -> Int {
        bounds.firstIndex { max(seconds, 0) <= $0 } ?? bounds.count
    }

    /// How many latencies it holds.
    var total: Int64 { counts.reduce(0, +) }

    /// Adds `other`'s counts to these.
    mutating func add(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// The latency below which a fraction `quantile` (0 to 1) of them fell, in seconds, interpolated linearly within
    /// its bucket (the last, unbounded bucket answers its lower bound); nil when it holds none.
    func percentile(_ quantile: Double) -> Double? {
        let total = self.total
        guard total > 0 else { return nil }
        let rank = max(1, (quantile * Double(total)).rounded(.up))
        var below: Int64 = 0
        for (index, count) in counts.enumerated() where count > 0 {
            if Double(below + count) >= rank {
                let lower = index == 0 ? 0 : Self.bounds[index - 1]
                guard index < Self.bounds.count else { return lower }
                let fraction = (rank - Double(below)) / Double(count)
                return lower + (Self.bounds[index] - lower) * fraction
            }
            below += count
        }
        return Self.bounds.last
    }
}
