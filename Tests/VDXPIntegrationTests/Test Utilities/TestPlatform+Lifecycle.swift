import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// Short-hands for the lifecycle tests: what a member's system does, one call each.
extension TestPlatform {
    /// A handler at the recipient (Art. 14.3).
    static let clerk = Vdxp_Exchange_V1_Handler.with {
        $0.fullName = "Nguyễn Thị Lan"
        $0.unit = "Văn thư"
    }

    /// A header that revokes, updates or replaces `related`.
    static func header(
        number: String, _ type: Vdxp_Exchange_V1_BusinessType, of related: String, reason: String = "Sai sót kỹ thuật",
        to recipients: [DevelopmentMember] = [recipient]
    ) -> Vdxp_Exchange_V1_DocumentHeader {
        var header = header(number: number, to: recipients)
        header.businessType = type
        header.relatedDocumentID = related
        header.businessReason = reason
        return header
    }

    /// The operator suspends `member` at its request (Art. 9.5) until 2099, as its letter asked: a new version of
    /// the global configuration.
    func suspendAtItsRequest(_ member: DevelopmentMember) async throws {
        _ = try await operatorClient.central {
            try await $0.suspendMember(
                .with {
                    $0.organisationID = member.organisationID
                    $0.reason = "Nâng cấp hệ thống quản lý văn bản"
                    $0.memberRequestReference = "Công văn số 15/UBND-VP ngày 01/12/2026"
                    $0.expectedResumeDate = "2099-01-05"
                })
        }
    }

    /// Sends `header` signed with the sender's seal and returns the stored document.
    @discardableResult
    func sendDocument(_ header: Vdxp_Exchange_V1_DocumentHeader) async throws -> Vdxp_Exchange_V1_Document {
        try await send(try messages(header)).document
    }

    /// Leases what waits in `member`'s inbox.
    func inbox(of member: DevelopmentMember, upTo maximum: Int32 = 100) async throws -> [Vdxp_Exchange_V1_Delivery] {
        try await self.member(member).exchange {
            try await $0.fetchInbox(.with { $0.maxDeliveries = maximum }).deliveries
        }
    }

    /// Acknowledges a delivery as `member`.
    @discardableResult
    func acknowledge(_ delivery: Vdxp_Exchange_V1_Delivery, as member: DevelopmentMember) async throws
        -> Vdxp_Exchange_V1_Delivery
    {
        try await self.member(member).exchange {
            try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
        }
    }

    /// Fetches and acknowledges everything in `member`'s inbox; returns what it received.
    @discardableResult
    func receiveAll(as member: DevelopmentMember) async throws -> [Vdxp_Exchange_V1_Delivery] {
        let deliveries = try await inbox(of: member)
        for delivery in deliveries { try await acknowledge(delivery, as: member) }
        return deliveries
    }

    /// Reports a status as `member`.
    @discardableResult
    func report(
        _ status: Vdxp_Exchange_V1_DocumentStatus, on documentID: String, as member: DevelopmentMember = recipient
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        try await self.member(member).exchange {
            try await $0.updateDocumentStatus(
                .with {
                    $0.documentID = documentID
                    $0.status = status
                    $0.handler = Self.clerk
                })
        }
    }

    /// `GetDocument` as `member`.
    func document(
        _ documentID: String, as member: DevelopmentMember = sender, exactVersion: Bool = false
    ) async throws -> Vdxp_Exchange_V1_Document {
        try await self.member(member).exchange {
            try await $0.getDocument(
                .with {
                    $0.documentID = documentID
                    $0.exactVersion = exactVersion
                })
        }
    }

    /// `RetractDocument` as the sender.
    func retract(
        _ documentID: String, from recipients: [DevelopmentMember] = [], reason: String = "Gửi nhầm nơi nhận"
    ) async throws -> Vdxp_Exchange_V1_RetractDocumentResponse {
        try await member(Self.sender).exchange {
            try await $0.retractDocument(
                .with {
                    $0.documentID = documentID
                    $0.recipientOrganisationIds = recipients.map(\.organisationID)
                    $0.reason = reason
                })
        }
    }

    /// `AnswerRetractRequest` as `member`.
    @discardableResult
    func answer(
        _ requestID: String, accept: Bool, reason: String = "", as member: DevelopmentMember = recipient
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        try await self.member(member).exchange {
            try await $0.answerRetractRequest(
                .with {
                    $0.requestID = requestID
                    $0.accept = accept
                    $0.reason = reason
                    $0.handler = Self.clerk
                })
        }
    }

    /// `ConfirmRevocation` of `documentID` (the revoked document) as `member`, handled by ``clerk``.
    @discardableResult
    func confirmRevocation(
        of documentID: String, comment: String = "", as member: DevelopmentMember = recipient
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        try await self.member(member).exchange {
            try await $0.confirmRevocation(
                .with {
                    $0.documentID = documentID
                    $0.handler = Self.clerk
                    $0.comment = comment
                })
        }
    }

    /// The event types of the journal, in chain order, read until every one of `expected` has appeared (or 15 s).
    func journalEventTypes(until expected: Set<String>) async throws -> [String] {
        try await service("search", address: exchange).exchange { exchange in
            try await withThrowingTaskGroup(of: [String]?.self) { group in
                group.addTask {
                    try await exchange.streamJournal(.init()) { response in
                        var types: [String] = []
                        for try await entry in response.messages {
                            types.append(entry.eventType)
                            if expected.isSubset(of: Set(types)) { break }
                        }
                        return types
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(15))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? []
            }
        }
    }
}

extension Vdxp_Exchange_V1_Document {
    /// The state of one recipient.
    func recipient(_ member: DevelopmentMember) -> Vdxp_Exchange_V1_RecipientState? {
        recipients.first { $0.recipientOrganisationID == member.organisationID }
    }
}

extension TestPlatform {
    /// A member as the operator registers it: its id, name and connection request (Art. 8.1).
    static func application(_ organisationID: String, _ name: String) -> Vdxp_Central_V1_Member {
        .with {
            $0.organisationID = organisationID
            $0.displayName = name
            $0.connectionRequest = .with {
                $0.purpose = "Gửi, nhận văn bản điện tử với các cơ quan nhà nước"
                $0.scope = "Văn bản hành chính"
                $0.declaresConformity = true
                $0.conformityStatement = "Biên bản kiểm thử số 12/2026"
            }
        }
    }
}
