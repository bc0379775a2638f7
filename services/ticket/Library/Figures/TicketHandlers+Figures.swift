import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// SLA figures per member and period (Art. 18.2), for Report and the operator.
extension TicketHandlers {
    /// The longest period asked at once.
    static let maximumFiguresPeriod: TimeInterval = 400 * 86400

    func getSlaFigures(
        request: Vdxp_Ticket_V1_GetSlaFiguresRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_SlaFigures {
        let caller = try TicketCaller.current()
        var organisationID = request.organisationID
        switch caller.kind {
        case .member(let own, _, _):
            guard organisationID.isEmpty || organisationID == own else {
                throw TicketError.notOwnOrganisation(field: "organisation_id", organisationID: organisationID)
            }
            organisationID = own
        case .operator, .service:
            if !organisationID.isEmpty { organisationID = try member(organisationID) }
        case .auditor:
            throw TicketError.operatorOnly(action: "read the support figures (a platform auditor reads them in Report)")
        }
        guard request.hasStartTime else {
            throw TicketError.invalidField(field: "start_time", message: "start_time is required")
        }
        guard request.hasEndTime else {
            throw TicketError.invalidField(field: "end_time", message: "end_time is required")
        }
        let (start, end) = (request.startTime.date, request.endTime.date)
        guard end > start, end.timeIntervalSince(start) <= Self.maximumFiguresPeriod else {
            throw TicketError.invalidField(
                field: "end_time", message: "end_time must be after start_time and at most 400 days later")
        }
        let rows = try await tickets.slaFigures(organisationID: organisationID, start: start, end: end)
        return .with { figures in
            for row in rows {
                if figures.members.last?.organisationID != row.organisationID {
                    figures.members.append(.with { $0.organisationID = row.organisationID })
                }
                figures.members[figures.members.count - 1].categories.append(row.figures)
            }
        }
    }
}
