public import SwiftProtobuf

/// How long a recipient's system may hold inbox entries it fetched before they are handed out again
/// (`FetchInboxRequest.lease_duration`, `SubscribeInboxRequest.lease_duration`; Art. 13.2): the one rule for lease
/// lengths. The lease itself — queued, leased, acknowledged, failed — lives in `exchange.deliveries` and is changed
/// by Exchange's SQL in one statement per step, so that concurrent fetchers never take the same entry.
///
/// ```swift
/// try DeliveryLease.duration(requested: nil)                                 // 300 s
/// try DeliveryLease.duration(requested: .init(seconds: 3600, nanos: 1))      // throws: past 1 h
/// ```
public enum DeliveryLease {
    /// The shortest lease a recipient may ask for: 10 s.
    public static let minimumDuration: Duration = .seconds(10)

    /// The longest lease a recipient may ask for: 1 h, exactly.
    public static let maximumDuration: Duration = .seconds(3600)

    /// The lease when the recipient does not ask for one (the field unset, or zero): 5 min.
    public static let defaultDuration: Duration = .seconds(300)

    /// The lease to use for a request's `google.protobuf.Duration`: ``defaultDuration`` when it is unset or zero,
    /// otherwise the requested duration if it lies within ``minimumDuration`` to ``maximumDuration``, to the
    /// nanosecond.
    ///
    /// - Throws: ``InvalidArgumentError`` naming `field`.
    public static func duration(
        requested: Google_Protobuf_Duration?, field: String = "lease_duration"
    ) throws(InvalidArgumentError) -> Duration {
        guard let requested, requested.seconds != 0 || requested.nanos != 0 else { return defaultDuration }
        // Compare the parts first: seconds near Int64's ends must not reach Duration arithmetic.
        guard requested.seconds >= 0, requested.seconds <= 3600 else { throw outOfBounds(requested, field: field) }
        let duration = Duration.seconds(requested.seconds) + .nanoseconds(Int64(requested.nanos))
        guard duration >= minimumDuration, duration <= maximumDuration else {
            throw outOfBounds(requested, field: field)
        }
        return duration
    }

    private static func outOfBounds(_ requested: Google_Protobuf_Duration, field: String) -> InvalidArgumentError {
        let got =
            requested.nanos == 0
            ? "\(requested.seconds) s" : "\(requested.seconds) s and \(requested.nanos) ns"
        return InvalidArgumentError(
            field: field, rule: "must be 10 s to 1 h (3600 s), or unset for the default of 5 min (300 s); got \(got)")
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var timeInterval: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
