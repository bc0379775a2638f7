import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Gateway (security server) changes, announced ahead (Art. 17.2).
extension CentralHandlers {
    /// The fewest working days between announcing a gateway change and its taking effect (Art. 17.2).
    static let endpointNoticeWorkingDays = 3

    func scheduleEndpointChange(
        request: Vdxp_Central_V1_ScheduleEndpointChangeRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        try Self.checkSelfOrOperator(request.organisationID)
        guard request.hasEndpoint else {
            throw RPCError(
                code: .invalidArgument, message: "endpoint is required: the new address and the day it takes effect")
        }
        let address = try Validate.text(request.endpoint.address, field: "endpoint.address", maximum: 255)
        guard request.endpoint.description_p.count <= 255 else {
            throw RPCError(code: .invalidArgument, message: "endpoint.description has more than 255 characters")
        }
        guard let effective = CalendarDate(iso8601: request.endpoint.effectiveDate) else {
            throw RPCError(
                code: .invalidArgument,
                message: "endpoint.effective_date must be a day written yyyy-MM-dd; got "
                    + request.endpoint.effectiveDate.quotedForMessage)
        }
        let today = CalendarDate(clock.now())
        let earliest = calendar.addingWorkingDays(Self.endpointNoticeWorkingDays, to: today)
        guard effective >= earliest else {
            throw RPCError(
                code: .failedPrecondition,
                message: "endpoint.effective_date \(effective) is too soon: a gateway change is announced at least "
                    + "\(Self.endpointNoticeWorkingDays) working days ahead (Art. 17.2; weekends and public holidays do "
                    + "not count), so the earliest day announced today (\(today)) is \(earliest)")
        }
        let organisationID = request.organisationID
        let description = request.endpoint.description_p
        let entry = AuditEntry(
            actor: try RequestContext.caller().description, action: "schedule_endpoint_change",
            target: organisationID, reason: "\(address) from \(effective)")
        let members = self.members
        try await stores.transactions.publishing(entry) { connection in
            guard let member = try await members.member(organisationID, on: connection) else {
                throw Self.memberNotFound(organisationID)
            }
            guard member.state != .closed else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "member \(organisationID) is closed; its successor is \(member.successorOrganisationID)")
            }
            try await members.announceEndpoint(
                of: organisationID, address: address, description: description, effective: effective, today: today,
                on: connection)
        }
        try await publisher.refresh()
        return try await existingMember(organisationID)
    }
}
