public import Foundation

/// Why a service refuses agency traffic for want of a valid global configuration (Art. 7.3): every service other
/// than Central knows who its members are, which CAs it trusts and what they revoked only from the signed copy it
/// follows, and refuses to decide on one that has expired. ``GlobalConfigurationStore/valid(at:)`` throws it; its
/// one conversion (`Errors/GlobalConfigurationError+RPC.swift`) answers UNAVAILABLE — the member's system retries
/// later, nothing about the member is wrong.
///
/// ```swift
/// let snapshot = try store.valid()   // GlobalConfigurationError.expired(…) once Central was away too long
/// ```
public enum GlobalConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The process has held no verified copy since it started: it has not reached Central yet.
    case notYetReceived
    /// The last verified copy (`version`) stopped being valid at `expireTime` and no fresher one came from Central
    /// (`VDXP_CONFIGURATION_TTL_SECONDS` after Central signed it; Central re-signs every third of that while it is up).
    case expired(version: Int64, expireTime: Date)

    /// What happened and what to do, as the gRPC status message says it to a member's system.
    public var message: String {
        switch self {
        case .notYetReceived:
            return "this server holds no global configuration of the platform yet (it has not reached Central since "
                + "it started), so it cannot recognise members: retry shortly; if this lasts, the platform's operator "
                + "must check that Central is reachable from this service and that Central itself reaches its "
                + "database (it signs the configuration there)"
        case .expired(let version, let expireTime):
            return "the platform's global configuration held by this server (version \(version)) expired at "
                + "\(expireTime.formatted(.iso8601)) and no newer copy has come from Central, so agency traffic is "
                + "refused until one does: retry later; if this lasts, the platform's operator must check that "
                + "Central is reachable from this service and that Central itself reaches its database (it re-signs "
                + "the configuration every third of its validity)"
        }
    }

    public var description: String { message }
}
