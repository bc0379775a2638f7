/// A delivery-transport step that cannot be taken: a lease duration out of bounds, a delivery that is not free to
/// hand out, an acknowledgement of a delivery never handed out.
///
/// Thrown by ``DeliveryLease``. Like gRPC's `RPCError`, it has a ``Code`` to switch on and a ``message`` naming the
/// field and the rule.
public struct DeliveryLeaseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the step is refused.
    public var code: Code

    /// What is wrong and what to do instead, in words an integrator can act on.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: Why the step is refused.
    ///   - message: What is wrong and what to do instead.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String {
        "\(self.code): \(self.message)"
    }
}

extension DeliveryLeaseError {
    /// The kind of a ``DeliveryLeaseError``.
    ///
    /// A struct over a private enum, so that codes can be added without breaking callers that switch over them
    /// (switches need a `default`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case invalidLeaseDuration
            case leaseHeld
            case alreadyAcknowledged
            case notHandedOut
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// A requested lease duration is outside 10 s to 1 h, or not a number. Maps to `INVALID_ARGUMENT`.
        public static let invalidLeaseDuration = Self(.invalidLeaseDuration)

        /// The delivery is leased and its lease has not expired: it cannot be handed out again yet.
        /// Maps to `FAILED_PRECONDITION`.
        public static let leaseHeld = Self(.leaseHeld)

        /// The delivery was acknowledged: it is never handed out again. Maps to `FAILED_PRECONDITION`.
        public static let alreadyAcknowledged = Self(.alreadyAcknowledged)

        /// The delivery was never handed out, so it cannot be acknowledged. Maps to `FAILED_PRECONDITION`.
        public static let notHandedOut = Self(.notHandedOut)

        /// The code's name, e.g. `leaseHeld`.
        public var description: String {
            self.wrapped.rawValue
        }
    }
}
