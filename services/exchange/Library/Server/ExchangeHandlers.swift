import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

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
    let journalSeals: JournalSealStore
    let views: DocumentViews
    let lifecycle: DocumentLifecycle
    let hub: NotificationHub
    let store: GlobalConfigurationStore
    let settings: ExchangeSettings
    let clock: WallClock
    let logger: Logger
    /// The slots of the sends that stream their attachments into an open transaction (`ExchangeSettings`).
    let streamedSends: StreamedSendSlots
    /// The document signing chains already validated, per trust list and CRLs (`VerifiedChainCache`).
    var chains = VerifiedChainCache()
    /// Writes new documents in commit groups; nil when grouping is off (`VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS=0`):
    /// then every send is written in its own transaction.
    var sends: SendCommitter? = nil
    /// Writes acknowledgements in commit groups; nil when grouping is off.
    var acknowledgements: AcknowledgementCommitter? = nil
    /// Writes status changes (`UpdateDocumentStatus`, `RejectDocument`) in commit groups; nil when grouping is off.
    var statusChanges: StatusCommitter? = nil
    /// Reports members' calls to Monitoring as their activity; nil when Monitoring's address is not set.
    var activity: MemberActivityReporter? = nil

    /// The statements of a set of status changes, on a caller's transaction.
    var statusChangeWriter: StatusChangeWriter {
        StatusChangeWriter(
            deliveries: deliveries, statusHistory: statusHistory, journal: journal, retractRequests: retractRequests)
    }

    /// The current global configuration; agency traffic is refused on a missing or expired one, with the store's one
    /// refusal (``GlobalConfigurationStore/valid(at:)``).
    func currentConfiguration() throws(ExchangeError) -> GlobalConfigurationSnapshot {
        do {
            return try store.valid()
        } catch {
            throw .noGlobalConfiguration(error)
        }
    }

    /// The organisation the call is made for, which must be active in the global configuration.
    func activeCaller() throws -> String {
        try activeCaller(in: currentConfiguration())
    }

    /// The organisation the call is made for: the calling member, which must be connected (TRIAL or OFFICIAL) in
    /// `snapshot` — or, when the call names one in `vdxp-acting-for`, a unit registered under it (Art. 3.3, 8.2.b),
    /// which then sends, receives and reports as itself through its parent's connection. One request decides on one
    /// configuration.
    func activeCaller(in snapshot: GlobalConfigurationSnapshot) throws -> String {
        let caller = try RequestContext.memberID()
        let state = snapshot.members[caller]?.state ?? .unspecified
        guard ConnectionLifecycle.canExchange(state) else {
            throw ExchangeError.callerCannotExchange(
                member: caller, state: state, successor: snapshot.members[caller]?.successorOrganisationID)
        }
        noteActivity()
        guard let unit = RequestContext.current?.actingFor else { return caller }
        guard snapshot.parent(ofUnit: unit) == caller else {
            throw ExchangeError.notRepresentedUnit(member: caller, unit: unit)
        }
        return unit
    }

    /// The lease length asked for, in seconds, by the one rule of ``DeliveryLease``.
    func leaseSeconds(_ requested: Google_Protobuf_Duration?) throws(InvalidArgumentError) -> Double {
        try DeliveryLease.duration(requested: requested).timeInterval
    }
}
