public import Foundation
public import SwiftProtobuf
public import VDXPProto

/// The transport state of one delivery — a document on its way to one recipient — as a pure value
/// (Art. 13.2, 14; `vdxp.exchange.v1.Delivery`).
///
/// Store-and-forward: a delivery starts **queued**; `FetchInbox`/`SubscribeInbox` hand it out under a **lease**
/// (``leased(at:for:)``, attempt + 1); the recipient **acknowledges** it (``acknowledged()``), which is final. A
/// lease that expires unacknowledged makes the delivery available again, and the next hand-out is a new attempt.
/// Transport is kept apart from the business status (``DocumentStatusMachine``): acknowledging is what sets 01
/// ARRIVED there.
///
/// The type never reads the clock: every question about time takes `now`.
///
/// ```swift
/// var delivery = DeliveryLease()                                    // queued, attempt 0
/// let duration = try DeliveryLease.leaseDuration(requestedSeconds: nil)   // 300 s
/// delivery = try delivery.leased(at: now, for: duration)            // leased until now + 5 min, attempt 1
/// delivery.isAvailable(at: now + 600)                               // true: the lease expired
/// delivery = try delivery.acknowledged()                            // final
/// ```
public struct DeliveryLease: Hashable, Sendable {
    /// Where a delivery stands in transport.
    public enum State: String, CaseIterable, Hashable, Sendable {
        /// Waiting for the recipient to fetch it (never handed out, or its last lease expired).
        case queued
        /// Handed out until ``DeliveryLease/leaseExpiry``.
        case leased
        /// The recipient confirmed receipt. Final.
        case acknowledged
    }

    /// The shortest lease a recipient may ask for: 10 s (`FetchInboxRequest.lease_duration`).
    public static let minimumLeaseDuration: Duration = .seconds(10)

    /// The longest lease a recipient may ask for: 1 h.
    public static let maximumLeaseDuration: Duration = .seconds(3600)

    /// The lease when the recipient does not ask for one: 5 min.
    public static let defaultLeaseDuration: Duration = .seconds(300)

    /// The transport state as last recorded. A ``State/leased`` delivery whose lease has expired is available
    /// again; ask ``isAvailable(at:)`` or ``transportState(at:)`` rather than reading this alone.
    public private(set) var state: State

    /// When the current or last lease ends; `nil` while the delivery was never handed out.
    public private(set) var leaseExpiry: Date?

    /// How many times the delivery has been handed out: 0 while queued for the first time, 1 after the first lease.
    public private(set) var attempt: Int

    /// A new delivery: queued, never handed out.
    public init() {
        self.state = .queued
        self.leaseExpiry = nil
        self.attempt = 0
    }

    /// Restores a delivery from storage.
    ///
    /// - Parameters:
    ///   - state: The recorded state.
    ///   - leaseExpiry: When the current or last lease ends; `nil` if never leased.
    ///   - attempt: How many times it has been handed out.
    public init(state: State, leaseExpiry: Date?, attempt: Int) {
        self.state = state
        self.leaseExpiry = leaseExpiry
        self.attempt = attempt
    }

    /// Whether the delivery may be handed out at `now`: it is queued, or leased with a lease that ends at or before
    /// `now`. An acknowledged delivery is never available.
    ///
    /// - Parameter now: The current time.
    public func isAvailable(at now: Date) -> Bool {
        switch self.state {
        case .queued:
            return true
        case .leased:
            guard let expiry = self.leaseExpiry else { return true }
            return expiry <= now
        case .acknowledged:
            return false
        }
    }

    /// The state as the contract reports it at `now` (`vdxp.exchange.v1.DeliveryState`): a lease that has
    /// expired reads as QUEUED again.
    ///
    /// - Parameter now: The current time.
    public func transportState(at now: Date) -> Vdxp_Exchange_V1_DeliveryState {
        switch self.state {
        case .acknowledged:
            return .acknowledged
        case .queued, .leased:
            return self.isAvailable(at: now) ? .queued : .leased
        }
    }

    /// The delivery handed out at `now` for `duration`: leased until `now + duration`, one more attempt.
    ///
    /// - Parameters:
    ///   - now: The current time.
    ///   - duration: How long the recipient holds it: ``minimumLeaseDuration`` to ``maximumLeaseDuration``
    ///     (see ``leaseDuration(requestedSeconds:field:)``).
    /// - Throws: ``DeliveryLeaseError`` with ``DeliveryLeaseError/Code/invalidLeaseDuration`` for a duration out of
    ///   bounds, ``DeliveryLeaseError/Code/leaseHeld`` while another lease runs, or
    ///   ``DeliveryLeaseError/Code/alreadyAcknowledged``.
    public func leased(at now: Date, for duration: Duration) throws(DeliveryLeaseError) -> DeliveryLease {
        _ = try Self.checkedLeaseDuration(duration, field: "lease_duration")
        switch self.state {
        case .acknowledged:
            throw DeliveryLeaseError(
                code: .alreadyAcknowledged,
                message: "the delivery was acknowledged and is never handed out again"
            )
        case .leased where !self.isAvailable(at: now):
            let expiry = self.leaseExpiry.map { " until \($0.formatted(.iso8601))" } ?? ""
            throw DeliveryLeaseError(
                code: .leaseHeld,
                message: "the delivery is leased\(expiry) (attempt \(self.attempt)) and cannot be handed out "
                    + "again before its lease expires"
            )
        case .queued, .leased:
            var next = self
            next.state = .leased
            next.leaseExpiry = now.addingTimeInterval(duration.timeInterval)
            next.attempt += 1
            return next
        }
    }

    /// The delivery acknowledged by its recipient: final. Acknowledging again returns the same value, and a lease
    /// that has expired may still be acknowledged as long as the delivery was handed out at least once
    /// (`AcknowledgeDelivery`).
    ///
    /// - Throws: ``DeliveryLeaseError`` with ``DeliveryLeaseError/Code/notHandedOut`` when the delivery was never
    ///   handed out.
    public func acknowledged() throws(DeliveryLeaseError) -> DeliveryLease {
        switch self.state {
        case .acknowledged:
            return self
        case .queued where self.attempt == 0:
            throw DeliveryLeaseError(
                code: .notHandedOut,
                message: "the delivery has not been handed out yet: fetch it with FetchInbox or SubscribeInbox "
                    + "before acknowledging it"
            )
        case .queued, .leased:
            var next = self
            next.state = .acknowledged
            return next
        }
    }

    /// The lease duration to use for a request: the default 5 min when none is asked for, otherwise the requested
    /// duration if it lies within 10 s to 1 h (`FetchInboxRequest.lease_duration`). Out-of-range values are
    /// refused, not clamped, so that a recipient never holds a lease shorter or longer than it believes.
    ///
    /// - Parameters:
    ///   - requestedSeconds: The requested duration in seconds, or `nil` when the field is unset.
    ///   - field: The request field to name in the error message.
    /// - Throws: ``DeliveryLeaseError`` with ``DeliveryLeaseError/Code/invalidLeaseDuration``.
    public static func leaseDuration(
        requestedSeconds: Double?,
        field: String = "lease_duration"
    ) throws(DeliveryLeaseError) -> Duration {
        guard let requestedSeconds else {
            return Self.defaultLeaseDuration
        }
        // Compare as a number first: a huge or non-finite value must not reach `Duration.seconds(_:)`.
        guard requestedSeconds.isFinite,
            requestedSeconds >= Self.minimumLeaseDuration.timeInterval,
            requestedSeconds <= Self.maximumLeaseDuration.timeInterval
        else {
            throw Self.outOfBounds(field: field, seconds: requestedSeconds)
        }
        return try Self.checkedLeaseDuration(.seconds(requestedSeconds), field: field)
    }

    /// The lease duration to use for a request carrying a `google.protobuf.Duration`: the default 5 min when
    /// `requested` is `nil` (the field is unset), otherwise the requested duration if it lies within 10 s to 1 h.
    ///
    /// - Parameters:
    ///   - requested: The request's duration, or `nil` when `has…` is false.
    ///   - field: The request field to name in the error message.
    /// - Throws: ``DeliveryLeaseError`` with ``DeliveryLeaseError/Code/invalidLeaseDuration``.
    public static func leaseDuration(
        requested: Google_Protobuf_Duration?,
        field: String = "lease_duration"
    ) throws(DeliveryLeaseError) -> Duration {
        guard let requested else {
            return Self.defaultLeaseDuration
        }
        let duration = Duration.seconds(requested.seconds) + Duration.nanoseconds(Int64(requested.nanos))
        return try Self.checkedLeaseDuration(duration, field: field)
    }

    private static func checkedLeaseDuration(
        _ duration: Duration,
        field: String
    ) throws(DeliveryLeaseError) -> Duration {
        guard duration >= Self.minimumLeaseDuration, duration <= Self.maximumLeaseDuration else {
            throw Self.outOfBounds(field: field, seconds: duration.timeInterval)
        }
        return duration
    }

    private static func outOfBounds(field: String, seconds: Double) -> DeliveryLeaseError {
        let got: String
        if seconds.isFinite, seconds == seconds.rounded(), abs(seconds) < 1e15 {
            got = "\(Int64(seconds)) s"
        } else if seconds.isFinite {
            got = "\(seconds) s"
        } else {
            got = "\(seconds)"
        }
        return DeliveryLeaseError(
            code: .invalidLeaseDuration,
            message: "\(field) must be 10 s to 1 h (3600 s), or unset for the default of 5 min (300 s); got \(got)"
        )
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = self.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
