public import Foundation

/// The usual cursor of a list ordered by time, then by a unique key: "the rows after (`time`, `after`)" in keyset
/// pagination (Google AIP-158). Wrap it in a ``PageToken``.
///
/// The time is kept as whole **microseconds** since the Unix epoch, the precision of PostgreSQL's `timestamptz`, so
/// that the cursor compares exactly with stored values: a `Double` of seconds cannot represent every microsecond
/// and would repeat or skip rows at page boundaries.
///
/// ```swift
/// let cursor = KeysetCursor(time: lastRow.sendTime, after: lastRow.documentID)
/// // SQL: WHERE (send_time, document_id) < (to_timestamp($1 / 1e6), $2) ORDER BY send_time DESC, document_id DESC
/// ```
public struct KeysetCursor: Codable, Hashable, Sendable {
    /// The time of the last row of the previous page, in microseconds since 1970-01-01T00:00:00Z.
    public var timeMicroseconds: Int64

    /// The unique key of the last row of the previous page (a document id, a delivery id …).
    public var after: String

    /// Creates a cursor from the last row's time (rounded to the microsecond) and key.
    ///
    /// - Parameters:
    ///   - time: The last row's time.
    ///   - after: The last row's unique key.
    public init(time: Date, after: String) {
        self.timeMicroseconds = Int64((time.timeIntervalSince1970 * 1_000_000).rounded())
        self.after = after
    }

    /// Creates a cursor from the last row's time in microseconds and key.
    ///
    /// - Parameters:
    ///   - timeMicroseconds: The last row's time, in microseconds since the Unix epoch.
    ///   - after: The last row's unique key.
    public init(timeMicroseconds: Int64, after: String) {
        self.timeMicroseconds = timeMicroseconds
        self.after = after
    }

    /// The cursor's time as a `Date` (exact to the microsecond only within `Date`'s own precision).
    public var time: Date {
        Date(timeIntervalSince1970: TimeInterval(self.timeMicroseconds) / 1_000_000)
    }

    enum CodingKeys: String, CodingKey {
        case timeMicroseconds = "time"
        case after
    }
}
