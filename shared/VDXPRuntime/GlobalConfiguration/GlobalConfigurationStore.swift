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

    /// The held configuration, expired or not.
    public var snapshot: GlobalConfigurationSnapshot? { state.withLock { $0 } }

    /// The held configuration if it has not expired at `now`.
    public func current(at now: Date = Date()) -> GlobalConfigurationSnapshot? {
        guard let snapshot, !snapshot.isExpired(at: now) else { return nil }
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
