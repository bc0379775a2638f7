import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `vdxp.report.v1.ReportService` handlers, split by concern into `ReportHandlers+*.swift`. Access is checked by
/// `IdentityInterceptor` with ``ReportAccessRules``; ``FigureQuery`` narrows a member to its own figures.
///
/// A handler validates the request, asks the stores and builds the answer; the SQL lives in the stores.
struct ReportHandlers: Vdxp_Report_V1_ReportService.SimpleServiceProtocol {
    /// Reads the figures (the read database).
    let figures: FigureStore
    /// The projection's cursor (the read database, for status).
    let cursor: JournalCursorStore
    /// Resets the projection (the primary).
    let applier: JournalApplier
    /// Reads what Monitoring and Ticket gave (the read database).
    let operations: OperationSourceStore
    /// Which of Monitoring and Ticket are configured, and how often they are read.
    let sources: OperationSources
    /// The directory, for names.
    let globalConfiguration: GlobalConfigurationStore
    let logger: Logger

    /// The caller of the RPC being handled — a member's system acting for a unit it represents as that unit
    /// (`vdxp-acting-for`, `GlobalConfigurationStore.callerActingFor`).
    var caller: CallerIdentity? {
        get throws(RPCError) { try globalConfiguration.callerActingFor() }
    }

    /// The organisation's name as the directory gives it; the id itself when the directory does not know it.
    func name(of organisationID: String) -> String {
        globalConfiguration.snapshot?.members[organisationID]?.displayName ?? organisationID
    }

    /// The name of a level-1 unit (the directory's name of `000.00.00.<code>`), or its code.
    func name(ofLevel1Unit code: String) -> String {
        guard !code.isEmpty else { return "Doanh nghiệp, cá nhân" }
        let id = "000.00.00.\(code)"
        return globalConfiguration.snapshot?.members[id]?.displayName ?? code
    }
}
