/// The parsers and verifiers VDXP runs on bytes it did not write, each as a fuzz target (docs/reliability.md,
/// fuzz/README.md).
///
/// The same function serves libFuzzer (`vdxp-fuzz` built with `--sanitize=fuzzer`, scripts/fuzz.sh) and the test
/// suite, which replays every file of `fuzz/Corpus/<target>` and `fuzz/Regressions/<target>` through it. A target
/// never throws for bad input — refusing it is the expected outcome — and traps only when VDXP's own code breaks a
/// promise (a crash, or an invariant checked with `precondition`, such as "a parsed id prints as it was given").
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A `DocumentHeader` as Exchange receives it inside `SignedDocument.header`: parsed, validated against every
    /// rule of the header (Art. 12, QĐ 28 10.2) and normalised.
    case documentHeader = "document-header"
    /// Organisation ids (QĐ 20/2020) and document ids (Art. 12.2) from untrusted text.
    case identifiers
    /// A signature over some bytes with a presented certificate chain: the signature verified with the leaf's key,
    /// the chain validated against the trusted authority for document signing.
    case signature
    /// A certificate revocation list as uploaded by an operator or fetched from an authority: parsed, and its
    /// signature checked against the authority.
    case revocationList = "revocation-list"
    /// A signed global configuration as a service receives it from Central: the signature checked against the
    /// pinned anchor, and the configuration parsed and indexed.
    case globalConfiguration = "global-configuration"

    /// Runs the target on one input.
    ///
    /// - Returns: Whether VDXP accepted the input (a valid id, a header without violations, a verified signature …)
    ///   or refused it. The test suite uses this to check that the seed corpus reaches past the first refusal.
    @discardableResult
    public func run(_ bytes: [UInt8]) async -> FuzzOutcome {
        switch self {
        case .documentHeader: DocumentHeaderTarget.run(bytes)
        case .identifiers: IdentifierTarget.run(bytes)
        case .signature: await SignatureTarget.run(bytes)
        case .revocationList: RevocationListTarget.run(bytes)
        case .globalConfiguration: GlobalConfigurationTarget.run(bytes)
        }
    }
}

/// What a fuzz target made of one input.
public enum FuzzOutcome: String, Sendable {
    /// VDXP accepted the input as valid.
    case accepted
    /// VDXP refused the input, as it should refuse bad input: with an error, not a crash.
    case refused
}
