import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPRuntime

extension ReportHandlers {
    func getReportStatus(
        request: Vdxp_Report_V1_GetReportStatusRequest, context: ServerContext
    ) async throws -> Vdxp_Report_V1_ReportStatus {
        Self.status(try await cursor.position())
    }

    func rebuildProjection(
        request: Vdxp_Report_V1_RebuildProjectionRequest, context: ServerContext
    ) async throws -> Vdxp_Report_V1_ReportStatus {
        logger.notice(
            "the figures are emptied and Exchange's journal is counted again from its first entry",
            metadata: ["caller": "\(RequestContext.current?.caller.map { "\($0)" } ?? "unknown")"])
        try await applier.reset()
        return Self.status(try await applier.cursor.position())
    }

    /// The cursor as the contract shows it.
    static func status(_ position: JournalCursorStore.Position) -> Vdxp_Report_V1_ReportStatus {
        .with {
            $0.lastSequence = position.sequence
            if let time = position.eventTime { $0.lastEventTime = .init(date: time) }
            if let time = position.appliedTime { $0.countTime = .init(date: time) }
        }
    }
}
