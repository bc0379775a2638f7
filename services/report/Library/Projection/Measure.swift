/// One counter Report keeps per rollup row. The raw value is the column's name in `report.daily_figures`.
///
/// Document-side counters (sent, timeliness, failures, retracts, revocations, updates, replacements) are kept on the
/// sender's row; delivery-side counters (received, the statuses of Art. 14.3, rejections, overdue) on the
/// recipient's row, so that every event counts in exactly one row and the platform's figures are plain sums.
enum Measure: String, CaseIterable, Sendable {
    case documentsSent = "documents_sent"
    case documentsReceived = "documents_received"
    case sentOnTime = "sent_on_time"
    case sentLate = "sent_late"
    case failedDeliveries = "failed_deliveries"
    case failuresHandledSameDay = "failures_handled_same_day"
    case withStatusArrived = "with_status_arrived"
    case withStatusRegistered = "with_status_registered"
    case withStatusAssigned = "with_status_assigned"
    case withStatusProcessing = "with_status_processing"
    case withStatusCompleted = "with_status_completed"
    case rejected = "rejected"
    case retracted = "retracted"
    case revoked = "revoked"
    case updated = "updated"
    case replaced = "replaced"
    case overdue = "overdue"

    /// The column's position in ``Counts``.
    var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// A vector of counters, one per ``Measure``, in `Measure.allCases` order.
struct Counts: Equatable, Sendable {
    /// The values.
    var values = [Int64](repeating: 0, count: Measure.allCases.count)

    /// The counter of `measure`.
    subscript(_ measure: Measure) -> Int64 {
        get { values[measure.index] }
        set { values[measure.index] = newValue }
    }

    /// Adds `other` counter by counter.
    static func += (lhs: inout Counts, rhs: Counts) {
        for index in lhs.values.indices { lhs.values[index] += rhs.values[index] }
    }

    /// Whether every counter is zero.
    var isZero: Bool { values.allSatisfy { $0 == 0 } }
}
