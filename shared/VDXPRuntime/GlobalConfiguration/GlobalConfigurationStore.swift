public import Foundation
import Synchronization

/// The global configuration this process currently holds, shared by the identity resolver, the TLS verification
/// callback and the handlers. Only newer versions (or fresher copies of the same version) replace the held one.
public final class GlobalConfigurationStore: Sendable {
    private let state = Mutex<GlobalConfigurationSnapshot?>(nil)
    private let onChange: @Sendable (GlobalConfigurationSnapshot) -> Void

    /// Creates an empty store; `onChange` runs after each accepted update.
    public init(onChange: @escaping @Sendable (GlobalConfigurationSnapshot) -> Void = { _ in }) {
        self.onChange = onChange
    }

    /// The held configuration, expired or not: the last copy whose signature verified. After it expires it is still
    /// this process's best knowledge of whom the platform trusts and what they revoked (the TLS handshake verifies
    /// against it, ``PeerCertificateVerifier``), never a licence to serve: agency traffic needs ``valid(at:)``.
    public var snapshot: GlobalConfigurationSnapshot? { state.withLock { $0 } }

    /// The held configuration if it has not expired at `now`.
    public func current(at now: Date = Date()) -> GlobalConfigurationSnapshot? {
        try? valid(at: now)
    }

    /// The held configuration if it has not expired at `now`; otherwise why not. This is the one refusal of agency
    /// traffic without a valid configuration: the identity resolver (every member's call to every service) and the
    /// handlers that read the configuration throw what it throws, so that a member reads the same words wherever it
    /// is refused.
    public func valid(at now: Date = Date()) throws(GlobalConfigurationError) -> GlobalConfigurationSnapshot {
        guard let snapshot else { throw .notYetReceived }
        guard !snapshot.isExpired(at: now) else {
            throw .expired(version: snapshot.version, expireTime: snapshot.expireTime)
        }
        return snapshot
    }

    /// Replaces the held configuration if `snapshot` is newer, or the same version issued later. Returns whether it
    /// was accepted.
    @discardableResult
    public func update(_ snapshot: GlobalConfigurationSnapshot) -> Bool {
        let accepted = state.withLock { held -> Bool in
            if let held {
                if snapshot.version < held.version { return false }
                if snapshot.version == held.version && snapshot.expireTime <= held.expireTime { return false }
            }
            held = snapshot
            return true
        }
        if accepted { onChange(snapshot) }
        return accepted
    }
}
