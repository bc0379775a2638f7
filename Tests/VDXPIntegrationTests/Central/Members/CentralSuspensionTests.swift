import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// Art. 9.5: "Trường hợp cơ quan, tổ chức, đơn vị có nhu cầu tạm dừng kết nối, … phải gửi yêu cầu …, trong đó nêu rõ
/// lý do và thời gian tạm dừng dự kiến" — a connection is suspended at the member's request, with its reason and the
/// expected period. The operator may enter it on the member's behalf, citing that request.
@Suite("Suspension at the member's request (Art. 9.5)", .serialized)
struct CentralSuspensionTests {
    @Test("the operator suspends a member only citing the member's written request, which the audit trail keeps")
    func operatorCitesTheMembersRequest() async throws {
        try await TestPlatform.with { platform in
            let id = TestPlatform.recipient.organisationID
            let uncited = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.suspendMember(
                        .with {
                            $0.organisationID = id
                            $0.reason = "Không đáp ứng yêu cầu an toàn thông tin"
                            $0.expectedResumeDate = "2099-01-05"
                        })
                }
            }
            #expect(uncited?.code == .invalidArgument)
            #expect(uncited?.message.contains("Art. 9.5") == true)
            #expect(uncited?.message.contains("CutOffMember") == true)

            let suspended = try await platform.operatorClient.central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = id
                        $0.reason = "Chuyển đổi trung tâm dữ liệu"
                        $0.expectedResumeDate = "2099-01-05"
                        $0.memberRequestReference = "Công văn số 123/UBND-VP ngày 01/12/2026"
                    })
            }
            #expect(suspended.state == .suspended)
            let events = try await platform.operatorClient.central {
                try await $0.listAuditEvents(.with { $0.action = "suspend_member" })
            }.events
            #expect(
                events.first?.reason
                    == "Chuyển đổi trung tâm dữ liệu (member's request Công văn số 123/UBND-VP ngày 01/12/2026)")
        }
    }

    /// Each suspension and resumption publishes a global configuration to the whole platform: a member looping on them
    /// kept every service busy re-verifying configurations.
    @Test(
        "a member makes at most 20 changes to its own connection in 24 hours; beyond, RESOURCE_EXHAUSTED and nothing is done, while the operator is never refused"
    )
    func selfServiceChangesPerDay() async throws {
        try await TestPlatform.with { platform in
            let id = TestPlatform.recipient.organisationID
            let recipient = platform.member(TestPlatform.recipient, service: platform.central)
            let suspend = Vdxp_Central_V1_SuspendMemberRequest.with {
                $0.organisationID = id
                $0.reason = "Nâng cấp hệ thống quản lý văn bản"
                $0.expectedResumeDate = "2099-01-05"
            }
            for round in 0..<10 {
                let suspended = try await recipient.central { try await $0.suspendMember(suspend) }
                #expect(suspended.state == .suspended, "round \(round)")
                _ = try await recipient.central { try await $0.resumeMember(.with { $0.organisationID = id }) }
            }
            let refused = await #expect(throws: RPCError.self) {
                try await recipient.central { try await $0.suspendMember(suspend) }
            }
            #expect(refused?.code == .resourceExhausted, "\(String(describing: refused))")
            let member = try await recipient.central { try await $0.getMember(.with { $0.organisationID = id }) }
            #expect(member.state == .trial, "the refused suspension did nothing")

            var citing = suspend
            citing.memberRequestReference = "Công văn số 77/STTTT-CNTT"
            let cited = citing
            let byOperator = try await platform.operatorClient.central { try await $0.suspendMember(cited) }
            #expect(byOperator.state == .suspended)
        }
    }
}
