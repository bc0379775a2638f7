public import Foundation
import Synchronization
public import X509

/// Certificate chains already validated, so that a chain presented again — a member's seal on each of its documents —
/// is not parsed and validated from scratch every time.
///
/// An entry is keyed by the chain's DER bytes as presented and the purpose, and holds the validated chain with the
/// window in which every certificate of it is valid (the latest `notBefore`, the earliest `notAfter`). It is used only
/// for a time inside that window — never past a certificate's `notAfter` — and only while the trust is the same: the
/// caller names the version of the trust it validates against (the global configuration version); when that version
/// changes, the cache compares the validator's trusted authorities and revocation lists with those it validated
/// against and forgets every entry when either changed (a new trust list, a new CRL). Rejections are never cached:
/// a refused chain is validated again the next time, and says why.
///
/// ```swift
/// let (presented, result) = try await cache.validate(
///     leafFirstDER: signature.certificateChain, at: now, purpose: .documentSigning,
///     using: snapshot.memberCertificateValidator, trustVersion: snapshot.version
/// ) { try $0.map { try Certificate(derEncoded: Array($0)) } }
/// ```
public final class VerifiedChainCache: Sendable {
    /// A validated chain and when it may be trusted without validating it again.
    private struct Entry {
        var presented: [Certificate]
        var validated: [Certificate]
        var validFrom: Date
        var validUntil: Date
    }

    private struct Key: Hashable {
        var der: [Data]
        var purpose: CertificatePurpose
    }

    private struct State {
        var trustVersion: Int64?
        var trustedRoots: [Certificate] = []
        var revoked: RevokedCertificates = .none
        var entries: [Key: Entry] = [:]
        var validations = 0
    }

    private let state = Mutex(State())

    /// At most this many chains are kept; the cache is emptied when full (a platform has a few thousand seals). With
    /// 0, nothing is kept: every chain is validated in full.
    public let capacity: Int

    /// Creates an empty cache of at most `capacity` chains.
    public init(capacity: Int = 8192) {
        self.capacity = capacity
    }

    /// How many chains were validated in full (not answered from the cache) since the cache was made.
    public var validations: Int { state.withLock { $0.validations } }

    /// How many chains the cache holds.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Validates a chain given as DER, leaf first, with `validator` — or answers from the cache when the same bytes
    /// were validated for the same purpose against the same trust and every certificate is valid at `time`.
    ///
    /// - Parameters:
    ///   - der: The certificates as presented, leaf first.
    ///   - time: The moment at which the chain must be valid.
    ///   - purpose: What the leaf will be used for.
    ///   - validator: The trusted authorities and revocations to validate against.
    ///   - trustVersion: The version of that trust (the global configuration version): when it changes, the
    ///     validator's authorities and revocations are compared with the cached ones.
    ///   - parse: Parses the DER certificates (called only on a miss; its errors are thrown as they are).
    /// - Returns: The presented certificates, parsed, and the validation result.
    public func validate(
        leafFirstDER der: [Data], at time: Date, purpose: CertificatePurpose,
        using validator: CertificateChainValidator, trustVersion: Int64,
        parse: ([Data]) throws -> [Certificate]
    ) async throws -> (presented: [Certificate], result: ChainValidationResult) {
        let key = Key(der: der, purpose: purpose)
        let hit: Entry? = state.withLock { state in
            if state.trustVersion != trustVersion {
                if state.trustedRoots != validator.trustedRoots || state.revoked != validator.revoked {
                    state.entries.removeAll()
                    state.trustedRoots = validator.trustedRoots
                    state.revoked = validator.revoked
                }
                state.trustVersion = trustVersion
            }
            guard let entry = state.entries[key], entry.validFrom <= time, time <= entry.validUntil else { return nil }
            return entry
        }
        if let hit { return (hit.presented, .validated(hit.validated)) }

        let presented = try parse(der)
        let result = await validator.validate(leafFirst: presented, at: time, purpose: purpose)
        state.withLock { state in
            state.validations += 1
            // Kept only when validated against the trust now cached (a newer configuration may have arrived).
            guard capacity > 0, case .validated(let chain) = result, state.trustVersion == trustVersion,
                let validFrom = chain.map(\.notValidBefore).max(),
                let validUntil = chain.map(\.notValidAfter).min()
            else { return }
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[key] = Entry(
                presented: presented, validated: chain, validFrom: validFrom, validUntil: validUntil)
        }
        return (presented, result)
    }
}
