public import X509

/// The outcome of ``CertificateChainValidator/validate(leafFirst:at:purpose:)``.
public enum ChainValidationResult: Sendable {
    /// The chain is trusted: the certificates from the leaf to the trusted root, inclusive.
    case validated([Certificate])

    /// The chain is not trusted, with the reason.
    ///
    /// The error's code tells why: ``TrustError/Code/untrustedChain``, ``TrustError/Code/expired``,
    /// ``TrustError/Code/notYetValid``, ``TrustError/Code/usageNotAllowed``, ``TrustError/Code/revoked`` or
    /// ``TrustError/Code/invalidArgument`` (an empty chain).
    case rejected(TrustError)

    /// The validated chain (leaf first, root last), or the rejection thrown.
    public func get() throws(TrustError) -> [Certificate] {
        switch self {
        case .validated(let chain): return chain
        case .rejected(let error): throw error
        }
    }

    /// Whether the chain was validated.
    public var isValid: Bool {
        if case .validated = self { return true }
        return false
    }

    /// The rejection, or `nil` if the chain was validated.
    public var error: TrustError? {
        if case .rejected(let error) = self { return error }
        return nil
    }
}
