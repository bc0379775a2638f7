public import VDXPProto

/// A business status a recipient may not move to from where the document stands (Art. 14.3, 15.2; QĐ 28 Art. 10.2.h).
///
/// Thrown by ``DocumentStatusMachine/transition(from:to:)``. The ``message`` names both statuses by their edXML
/// code and says what to do instead, e.g. *"status 04 ASSIGNED cannot follow 01 ARRIVED: register the document
/// (03) first"*.
public struct StatusTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the transition is refused.
    public var code: Code

    /// What is wrong and what to do instead, in words an integrator can act on.
    public var message: String

    /// The status the document has.
    public var from: Vdxp_Exchange_V1_DocumentStatus

    /// The status that was asked for.
    public var to: Vdxp_Exchange_V1_DocumentStatus

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: Why the transition is refused.
    ///   - message: What is wrong and what to do instead.
    ///   - from: The status the document has.
    ///   - to: The status that was asked for.
    public init(
        code: Code,
        message: String,
        from: Vdxp_Exchange_V1_DocumentStatus,
        to: Vdxp_Exchange_V1_DocumentStatus
    ) {
        self.code = code
        self.message = message
        self.from = from
        self.to = to
    }

    /// The code and the message.
    public var description: String {
        "\(self.code): \(self.message)"
    }
}

extension StatusTransitionError {
    /// The kind of a ``StatusTransitionError``.
    public enum Code: String, Hashable, Sendable, CustomStringConvertible {
        /// Both statuses are real, but the second may not follow the first (backwards, skipping registration,
        /// after a final status, rejecting after registering). Maps to `FAILED_PRECONDITION`.
        case illegalTransition

        /// The requested status is not one that can be set: UNSPECIFIED, a number the contract does not define, or
        /// a retract code (13, 15, 16), which only `RetractDocument` and `AnswerRetractRequest` set. Maps to
        /// `INVALID_ARGUMENT`.
        case invalidStatus

        /// The code's name, e.g. `illegalTransition`.
        public var description: String { rawValue }
    }
}
