import Crypto
public import Foundation
import Synchronization
public import X509

/// Certificate chains already validated, so that a chain presented again — a member's seal on each of its documents —
/// is not parsed and validated from scratch every time.
///
/// An entry is keyed by the chain's DER bytes as presented and the purpose, and holds the validated chain with the
/// window in which every certificate of it is valid (the latest `notBefore`, the earliest `notAfter`). It is used only
/// for a time inside that window — never past a certificate's `notAfter` — and only while the trust is the same: the
/// caller names the trust it validates against by its digest (``trustDigest(authoritiesDER:revoked:)``, which a
/// global configuration copy computes once), and every entry is forgotten when the digest changes — a trusted
/// authority added or retired, a new CRL — whether or not the configuration's version changed with it (a retirement
/// scheduled earlier takes effect in a copy of the same version). Rejections are never cached: a refused chain is
/// validated again the next time, and says why.
///
/// ```swift
/// let (presented, result) = try await cache.validate(
///     leafFirstDER: signature.certificateChain, at: now, purpose: .documentSigning,
///     using: snapshot.memberCertificateValidator, trustDigest: snapshot.trustDigest
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
        var trustDigest: Data?
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

    /// The digest that names a trust: SHA-256 over the trusted authorities' DER, in order, and the revoked serial
    /// numbers of each authority, sorted. Equal trusts have equal digests; any change of either gives another.
    public static func trustDigest(authoritiesDER: [Data], revoked: RevokedCertificates) -> Data {
        var hasher = SHA256()
        func add(_ bytes: Data) {
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        for der in authoritiesDER { add(der) }
        add(Data("revoked".utf8))
        for authority in revoked.serialsByAuthority.keys.sorted() {
            add(Data(authority.utf8))
            for serial in (revoked.serialsByAuthority[authority] ?? []).sorted() { add(Data(serial.utf8)) }
        }
        return Data(hasher.finalize())
    }

    /// Validates a chain given as DER, leaf first, with `validator` — or answers from the cache when the same bytes
    /// were validated for the same purpose against the same trust and every certificate is valid at `time`.
    ///
    /// - Parameters:
    ///   - der: The certificates as presented, leaf first.
    ///   - time: The moment at which the chain must be valid.
    ///   - purpose: What the leaf will be used for.
    ///   - validator: The trusted authorities and revocations to validate against.
    ///   - trustDigest: The digest of that trust (``trustDigest(authoritiesDER:revoked:)``): when it changes, every
    ///     entry is forgotten.
    ///   - parse: Parses the DER certificates (called only on a miss; its errors are thrown as they are).
    /// - Returns: The presented certificates, parsed, and the validation result.
    public func validate(
        leafFirstDER der: [Data], at time: Date, purpose: CertificatePurpose,
        using validator: CertificateChainValidator, trustDigest: Data,
        parse: ([Data]) throws -> [Certificate]
    ) async throws -> (presented: [Certificate], result: ChainValidationResult) {
        let key = Key(der: der, purpose: purpose)
        let hit: Entry? = state.withLock { state in
            if state.trustDigest != trustDigest {
                state.entries.removeAll()
                state.trustDigest = trustDigest
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
            guard capacity > 0, case .validated(let chain) = result, state.trustDigest == trustDigest,
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
