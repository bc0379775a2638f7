import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `vdxp.exchange.v1.ExchangeService` handlers, split by concern into `ExchangeHandlers+*.swift`.
/// Access is checked by `IdentityInterceptor` with `ExchangeAccessRules`; handlers narrow member access to the
/// documents the caller sent or received, answering NOT_FOUND otherwise.
///
/// A handler authenticates and authorises the caller, validates the request, opens the transaction, calls the
/// stores and builds the response; the SQL lives in the stores.
struct ExchangeHandlers: Vdxp_Exchange_V1_ExchangeService.SimpleServiceProtocol {
    let database: Database
    let documents: DocumentStore
    let deliveries: DeliveryStore
    let statusHistory: StatusHistoryStore
    let retractRequests: RetractRequestStore
    let journal: JournalStore
    let views: DocumentViews
    let lifecycle: DocumentLifecycle
    let hub: NotificationHub
    let store: GlobalConfigurationStore
    let settings: ExchangeSettings
    let clock: WallClock
    let logger: Logger

    /// The current global configuration, or UNAVAILABLE: agency traffic is refused on an expired one.
    func currentConfiguration() throws(RPCError) -> GlobalConfigurationSnapshot {
        guard let snapshot = store.current() else {
            throw RPCError(
                code: .unavailable,
                message: "Exchange holds no valid global configuration right now (Central unreachable?): retry shortly")
        }
        return snapshot
    }

    /// The calling member, which must be active in the global configuration.
    func activeCaller() throws(RPCError) -> String {
        try activeCaller(in: currentConfiguration())
    }

    /// The calling member, which must be connected (TRIAL or OFFICIAL) in `snapshot`, so that one request decides on
    /// one configuration.
    func activeCaller(in snapshot: GlobalConfigurationSnapshot) throws(RPCError) -> String {
        let caller = try RequestContext.memberID()
        let state = snapshot.members[caller]?.state ?? .unspecified
        guard ConnectionLifecycle.canExchange(state) else {
            var message = "member \(caller) is \(state.word) and cannot exchange documents"
            if state == .closed, let successor = snapshot.members[caller]?.successorOrganisationID {
                message += ": its organisation id was closed; its successor is \(successor)"
            } else if state == .cutOff || state == .suspended {
                message += ": ask the operator (Central) about the connection"
            }
            throw RPCError(code: .permissionDenied, message: message)
        }
        return caller
    }

    static func documentNotFound(_ documentID: String) -> RPCError {
        RPCError(code: .notFound, message: "no document \(documentID.echoed) that you sent or received")
    }

    /// The lease length asked for, in seconds, by the one rule of ``DeliveryLease``.
    func leaseSeconds(_ requested: Google_Protobuf_Duration?) throws(InvalidArgumentError) -> Double {
        try DeliveryLease.duration(requested: requested).timeInterval
    }
}
