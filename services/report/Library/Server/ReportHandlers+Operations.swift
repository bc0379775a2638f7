import Foundation
import VDXPProto

/// Which sources of `OperationFigures` Report is configured to read, and how often it reads them.
struct OperationSources: Sendable {
    /// Whether `VDXP_MONITORING_ADDRESS` is set.
    var monitoring: Bool
    /// Whether `VDXP_TICKET_ADDRESS` is set.
    var ticket: Bool
    /// `VDXP_REPORT_SOURCES_SECONDS`.
    var interval: Duration

    /// The sources an answer names in `sources_missing`: not configured, never read, or not read successfully for
    /// three rounds (and at least 5 minutes: a short interval on a busy machine is not an outage).
    func missing(
        _ positions: [OperationSourceStore.Source: OperationSourceStore.Position], now: Date
    ) -> [String] {
        let stale = max(TimeInterval(interval.components.seconds) * 3, 300)
        return OperationSourceStore.Source.allCases.filter { source in
            let configured = source == .monitoring ? monitoring : ticket
            guard configured, let position = positions[source] else { return true }
            return now.timeIntervalSince(position.refreshTime) > stale
        }.map(\.rawValue)
    }
}

extension ReportHandlers {
    /// The operation figures of `query` (one entry keyed `""`), or per `group` value (`organisation_id`,
    /// `level1_unit`), and the sources missing; no figures when both are missing.
    func operationFigures(
        _ query: FigureQuery, by group: String? = nil
    ) async throws -> (figures: [String: Vdxp_Report_V1_OperationFigures], missing: [String]) {
        let now = Date()
        let missing = sources.missing(try await operations.positions(), now: now)
        guard missing.count < OperationSourceStore.Source.allCases.count else { return ([:], missing) }
        // A missing source's figures are zero (the contract says so), not what its last read left.
        let figures = try await operations.figures(query, by: group, now: now).mapValues { figures in
            var figures = figures
            if missing.contains(OperationSourceStore.Source.monitoring.rawValue) {
                (figures.membersConnected, figures.membersDegraded, figures.membersDisconnected) = (0, 0, 0)
                figures.connectionUptime = 0
            }
            if missing.contains(OperationSourceStore.Source.ticket.rawValue) {
                (figures.ticketsReceived, figures.ticketsBreached, figures.ticketsOpen) = (0, 0, 0)
                figures.ticketSlaMetRate = 0
                figures.ticketsByCategory = []
            }
            return figures
        }
        return (figures, missing)
    }
}
