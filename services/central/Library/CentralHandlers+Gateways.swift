import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Gateway (security server) changes announced ahead (Art. 17.2) and the retirement of trusted authorities.
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
        let actor = try RequestContext.caller().description
        let organisationID = request.organisationID
        let description = request.endpoint.description_p
        let logger = self.logger
        let repository = self.repository
        try await repository.mutate(
            actor: actor, action: "schedule_endpoint_change", target: organisationID,
            reason: "\(address) from \(effective)"
        ) { connection in
            guard let member = try await repository.member(organisationID, on: connection) else {
                throw Self.memberNotFound(organisationID)
            }
            guard member.state != .closed else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "member \(organisationID) is closed; its successor is \(member.successorOrganisationID)")
            }
            // A newer announcement replaces one that has not taken effect yet.
            try await connection.query(
                """
                UPDATE central.member_endpoints SET withdrawn = true
                WHERE organisation_id = \(organisationID) AND NOT withdrawn AND effective_date > \(today.iso8601)::date
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO central.member_endpoints (organisation_id, address, description, effective_date)
                VALUES (\(organisationID), \(address), \(description), \(effective.iso8601)::date)
                """, logger: logger)
        }
        try await publisher.refresh()
        return try await existingMember(organisationID)
    }

    func retireTrustedAuthority(
        request: Vdxp_Central_V1_RetireTrustedAuthorityRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_TrustedAuthority {
        let fingerprint = request.fingerprintSha256.lowercased()
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        let now = clock.now()
        let retireTime = request.hasRetireTime ? request.retireTime.date : now
        guard retireTime >= now.addingTimeInterval(-60) else {
            throw RPCError(
                code: .invalidArgument, message: "retire_time \(retireTime) is in the past; leave it unset for now")
        }
        let actor = try RequestContext.caller().description
        let logger = self.logger
        let updated = try await repository.mutate(
            actor: actor, action: "retire_trusted_authority", target: fingerprint, reason: reason
        ) { connection in
            try await connection.query(
                """
                UPDATE central.trusted_authorities SET retire_time = \(retireTime), retire_reason = \(reason)
                WHERE fingerprint = \(fingerprint) RETURNING fingerprint
                """, logger: logger
            ).collect().count
        }
        guard updated == 1 else {
            throw RPCError(code: .notFound, message: "no authority \(fingerprint) is on the trust list")
        }
        try await publisher.refresh()
        guard
            let retired = try await repository.trustedAuthorities().first(where: { $0.fingerprintSha256 == fingerprint }
            )
        else { throw RPCError(code: .internalError, message: "the authority was retired but cannot be read back") }
        return retired
    }
}
