public import SwiftProtobuf

/// The valid ranges of protobuf's `google.protobuf.Timestamp` and `google.protobuf.Duration`, checked over a whole
/// message tree: the one place where a time a client sends becomes a time the platform may convert to `Date`, bind to
/// PostgreSQL or sign into the global configuration.
///
/// The wire format accepts any `int64`/`int32`, but the well-known types define narrower ranges
/// (`google/protobuf/timestamp.proto`, `duration.proto`):
/// - a `Timestamp` lies between `0001-01-01T00:00:00Z` and `9999-12-31T23:59:59.999999999Z`, with `nanos` in
///   0…999,999,999;
/// - a `Duration` lies within ±315,576,000,000 s (about ±10,000 years), with `nanos` in −999,999,999…999,999,999 and
///   of the same sign as `seconds`.
///
/// A value outside them is not a time; converting it traps or silently lands in the wrong year. The same walk finds
/// every string (singular or repeated) holding U+0000 (NUL), which PostgreSQL's `text` cannot store: no value of the
/// platform has one, and one would otherwise fail in the database as a server error. Services refuse the
/// whole request with `INVALID_ARGUMENT` naming every such field (see `VDXPRuntime.WellKnownTypeInterceptor`), and
/// verifiers of signed structures (account tokens, the global configuration) refuse them the same way.
///
/// ```swift
/// let violations = WellKnownTypeRanges.violations(in: request)
/// // [status_time.seconds: must be -62135596800 (0001-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z); got …]
/// ```
public enum WellKnownTypeRanges {
    /// `0001-01-01T00:00:00Z` in seconds since the Unix epoch: the earliest valid `Timestamp`.
    public static let minimumTimestampSeconds: Int64 = -62_135_596_800
    /// `9999-12-31T23:59:59Z` in seconds since the Unix epoch: the latest valid `Timestamp` (with any valid nanos).
    public static let maximumTimestampSeconds: Int64 = 253_402_300_799
    /// The largest magnitude of a valid `Duration`'s seconds (10,000 years of 365.25 days).
    public static let maximumDurationSeconds: Int64 = 315_576_000_000
    /// The largest magnitude of `nanos` in either type.
    public static let maximumNanos: Int32 = 999_999_999

    /// The rule a string holding U+0000 breaks.
    static let nulRule = "must not contain the character U+0000 (NUL), which no text of the platform holds"

    /// Whether `microseconds` since the Unix epoch is a time a `Timestamp` can hold (years 1 to 9999): the check for a
    /// time that arrives as a plain number, such as a page token's cursor.
    public static func isTimestamp(microseconds: Double) -> Bool {
        microseconds.isFinite && microseconds >= Double(minimumTimestampSeconds) * 1_000_000
            && microseconds < Double(maximumTimestampSeconds + 1) * 1_000_000
    }

    /// Every `Timestamp` and `Duration` anywhere in `message` (nested messages, repeated fields, maps, oneofs) that
    /// lies outside its valid range, and every string holding U+0000, named by its proto path (`header.signing_time`, `retract_requests[2].request_time`).
    ///
    /// Names are worked out only when a violation is found, so a valid message costs one walk over its fields.
    public static func violations(in message: some Message) -> [FieldViolation] {
        if let timestamp = message as? Google_Protobuf_Timestamp {
            return timestampRules(timestamp).map { FieldViolation(field: $0.0, rule: $0.1) }
        }
        if let duration = message as? Google_Protobuf_Duration {
            return durationRules(duration).map { FieldViolation(field: $0.0, rule: $0.1) }
        }
        var visitor = RangeVisitor(parent: type(of: message), path: FieldPath())
        try? message.traverse(visitor: &visitor)
        return visitor.violations
    }

    /// The broken rules of one timestamp, as (sub-field, rule) pairs.
    static func timestampRules(_ value: Google_Protobuf_Timestamp) -> [(String, String)] {
        var rules: [(String, String)] = []
        if value.seconds < minimumTimestampSeconds || value.seconds > maximumTimestampSeconds {
            rules.append(
                (
                    "seconds",
                    "must be \(minimumTimestampSeconds) (0001-01-01T00:00:00Z) to \(maximumTimestampSeconds) "
                        + "(9999-12-31T23:59:59Z), as google.protobuf.Timestamp defines; got \(value.seconds)"
                ))
        }
        if value.nanos < 0 || value.nanos > maximumNanos {
            rules.append(("nanos", "must be 0 to \(maximumNanos); got \(value.nanos)"))
        }
        return rules
    }

    /// The broken rules of one duration, as (sub-field, rule) pairs.
    static func durationRules(_ value: Google_Protobuf_Duration) -> [(String, String)] {
        var rules: [(String, String)] = []
        if value.seconds < -maximumDurationSeconds || value.seconds > maximumDurationSeconds {
            rules.append(
                (
                    "seconds",
                    "must be -\(maximumDurationSeconds) to \(maximumDurationSeconds) (±10,000 years), as "
                        + "google.protobuf.Duration defines; got \(value.seconds)"
                ))
        }
        if value.nanos < -maximumNanos || value.nanos > maximumNanos {
            rules.append(("nanos", "must be -\(maximumNanos) to \(maximumNanos); got \(value.nanos)"))
        } else if (value.seconds > 0 && value.nanos < 0) || (value.seconds < 0 && value.nanos > 0) {
            rules.append(
                (
                    "nanos",
                    "must have the same sign as seconds (a Duration of -1.5 s is seconds -1, nanos -500000000); got "
                        + "seconds \(value.seconds), nanos \(value.nanos)"
                ))
        }
        return rules
    }
}
