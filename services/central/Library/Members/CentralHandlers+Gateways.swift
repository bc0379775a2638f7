import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Gateway (security server) changes, announced ahead (Art. 17.2, counted by ``NoticePeriod/gatewayChange``).
extension CentralHandlers {
    func scheduleEndpointChange(
        request: Vdxp_Central_V1_ScheduleEndpointChangeRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let actor = try await selfServiceActor(changing: request.organisationID)
        guard request.hasEndpoint else {
            throw CentralError.invalidField(
                field: "endpoint", message: "endpoint is required: the new address and the day it takes effect")
        }
        let address = try Validate.text(request.endpoint.address, field: "endpoint.address", maximum: 255)
        guard request.endpoint.description_p.codePointCount <= 255 else {
            throw CentralError.invalidField(
                field: "endpoint.description", message: "endpoint.description has more than 255 characters")
        }
        guard let effective = CalendarDate(iso8601: request.endpoint.effectiveDate) else {
            throw CentralError.invalidField(
                field: "endpoint.effective_date",
                message: "endpoint.effective_date must be a day written yyyy-MM-dd; got "
                    + request.endpoint.effectiveDate.quotedForMessage)
        }
        let today = CalendarDate(clock.now())
        let notice = NoticePeriod.gatewayChange
        let earliest = notice.earliestEffectiveDay(noticeDay: today, calendar: calendar)
        guard effective >= earliest else {
            throw CentralError.endpointChangeTooSoon(
                effective: effective, today: today, earliest: earliest, workingDays: notice.workingDays)
        }
        let organisationID = request.organisationID
        let description = request.endpoint.description_p
        let entry = AuditEntry(
            actor: actor.description, action: "schedule_endpoint_change",
            target: organisationID, reason: "\(address) from \(effective)")
        let members = self.members
        try await stores.transactions.publishing(entry) { connection in
            try await members.requireOpen(organisationID, on: connection)
            try await members.announceEndpoint(
                of: organisationID, address: address, description: description, effective: effective, today: today,
                on: connection)
        }
        try await publisher.refresh()
        return try await existingMember(organisationID)
    }
}
