import Foundation
import GRPCCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// A member's contact, where its alerts and notices go by e-mail and SMS (Art. 9.2, 19.2).
extension CentralHandlers {
    func updateMemberContact(
        request: Vdxp_Central_V1_UpdateMemberContactRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Member {
        let actor = try await selfServiceActor(changing: request.organisationID).description
        let contact = try Self.validContact(request.hasContact ? request.contact : nil)
        let missing = [("contact.email", contact.email), ("contact.phone", contact.phone)].filter { $0.1.isEmpty }
        if let (field, _) = missing.first {
            throw CentralError.invalidField(
                field: field,
                message: "\(field) is required: a member is told of a lost connection by both e-mail and SMS "
                    + "(Art. 9.2, 19.2), so give both contact.email and contact.phone")
        }
        let organisationID = request.organisationID
        let members = self.members
        try await stores.transactions.audited { connection in
            try await members.requireOpen(organisationID, on: connection)
            let old = try await members.updateContact(of: organisationID, to: contact, on: connection)
            return (
                (),
                AuditEntry(
                    actor: actor, action: "update_member_contact", target: organisationID,
                    reason: "e-mail \(old?.email ?? "") → \(contact.email), "
                        + "telephone \(old?.phone ?? "") → \(contact.phone)")
            )
        }
        return try await existingMember(organisationID)
    }
}
