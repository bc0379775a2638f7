import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// Art. 16 and DOMAIN: "agency administrators manage their own accounts, connections and tickets". A member's
/// dashboard calls Central through the member's connection with the token of the person signed in: that person is who
/// suspends the connection (Art. 9.5), announces a gateway change (Art. 17.2), records the contact (Art. 9.2) or files
/// a service change (Art. 10.1) — a MEMBER_ADMIN, named in the audit log; an account that only uses the dashboards or
/// only reads is refused, whichever connection carries its token.
@Suite("A member's own changes by its signed-in people (Art. 9.5, 10.1, 16, 17.2)", .serialized)
struct CentralSelfServiceAccountTests {
    static let member = TestPlatform.recipient
    static let id = TestPlatform.recipient.organisationID

    static let suspension = Vdxp_Central_V1_SuspendMemberRequest.with {
        $0.organisationID = id
        $0.reason = "Chuyển đổi trung tâm dữ liệu"
        $0.expectedResumeDate = "2099-01-05"
    }

    static func contact(_ number: Int) -> Vdxp_Central_V1_UpdateMemberContactRequest {
        .with {
            $0.organisationID = id
            $0.contact = .with {
                $0.email = "vanthu\(number)@example.gov.vn"
                $0.phone = "0209 3870 \(100 + number)"
            }
        }
    }

    @Test(
        "a MEMBER_ADMIN signed in suspends and resumes its member and records its contact; the audit log names the account"
    )
    func administratorActsAndIsAudited() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("quantri.ubnd", of: Self.member, roles: [.memberAdmin])
            let token = try await platform.login("quantri.ubnd", through: Self.member).token
            let dashboard = platform.member(Self.member, service: platform.central)

            let suspended = try await dashboard.central(bearerToken: token) {
                try await $0.suspendMember(Self.suspension)
            }
            #expect(suspended.state == .suspended, "its call is the member's request: no reference is asked for")
            let resumed = try await dashboard.central(bearerToken: token) {
                try await $0.resumeMember(.with { $0.organisationID = Self.id })
            }
            #expect(resumed.state == .trial)
            _ = try await dashboard.central(bearerToken: token) { try await $0.updateMemberContact(Self.contact(1)) }

            let events = try await platform.operatorClient.central {
                try await $0.listAuditEvents(.with { $0.targetPrefix = Self.id })
            }.events
            let actors = Dictionary(events.map { ($0.action, $0.actor) }, uniquingKeysWith: { newest, _ in newest })
            let account = "account quantri.ubnd of \(Self.id)"
            #expect(actors["suspend_member"] == account)
            #expect(actors["resume_member"] == account)
            #expect(actors["update_member_contact"] == account)
        }
    }

    @Test(
        "a MEMBER_USER or an AUDITOR signed in may not suspend, resume, announce a gateway, record the contact or file a service change: PERMISSION_DENIED and nothing is done"
    )
    func onlyAdministratorsChange() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("chuyenvien.ubnd", of: Self.member, roles: [.memberUser])
            try await platform.createAccount("kiemtra.ubnd", of: Self.member, roles: [.auditor])
            let dashboard = platform.member(Self.member, service: platform.central)
            let before = try await dashboard.central { try await $0.getMember(.with { $0.organisationID = Self.id }) }
            for username in ["chuyenvien.ubnd", "kiemtra.ubnd"] {
                let token = try await platform.login(username, through: Self.member).token
                let changes: [(String, @Sendable (PlatformClient) async throws -> Void)] = [
                    (
                        "suspend",
                        { _ = try await $0.central(bearerToken: token) { try await $0.suspendMember(Self.suspension) } }
                    ),
                    (
                        "resume",
                        {
                            _ = try await $0.central(bearerToken: token) {
                                try await $0.resumeMember(.with { $0.organisationID = Self.id })
                            }
                        }
                    ),
                    (
                        "gateway",
                        {
                            _ = try await $0.central(bearerToken: token) {
                                try await $0.scheduleEndpointChange(
                                    .with {
                                        $0.organisationID = Self.id
                                        $0.endpoint = .with {
                                            $0.address = "https://gateway2.example.gov.vn:8443"
                                            $0.effectiveDate = "2099-03-02"
                                        }
                                    })
                            }
                        }
                    ),
                    (
                        "contact",
                        {
                            _ = try await $0.central(bearerToken: token) {
                                try await $0.updateMemberContact(Self.contact(2))
                            }
                        }
                    ),
                    (
                        "service filing",
                        {
                            _ = try await $0.serviceRegistry(bearerToken: token) {
                                try await $0.requestServiceChange(
                                    .with {
                                        $0.kind = .cancel
                                        $0.serviceID = 1
                                    })
                            }
                        }
                    ),
                ]
                for (what, call) in changes {
                    let refused = await #expect(throws: RPCError.self, "\(username): \(what)") {
                        try await call(dashboard)
                    }
                    #expect(refused?.code == .permissionDenied, "\(username): \(what): \(String(describing: refused))")
                    #expect(refused?.message.contains("MEMBER_ADMIN") == true, "\(username): \(what)")
                    #expect(refused?.message.contains("account \(username) of \(Self.id)") == true, "\(username)")
                }
            }
            let after = try await dashboard.central { try await $0.getMember(.with { $0.organisationID = Self.id }) }
            #expect(after == before, "nothing was changed")
            let requests = try await dashboard.serviceRegistry { try await $0.listServiceChangeRequests(.init()) }
                .requests
            #expect(requests.isEmpty, "nothing was filed")
        }
    }

    @Test(
        "a member's system and its administrators share the 20 changes a day: the 21st by any of them is RESOURCE_EXHAUSTED"
    )
    func systemAndAdministratorsShareTheDailyChanges() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("quantri1.ubnd", of: Self.member, roles: [.memberAdmin])
            try await platform.createAccount("quantri2.ubnd", of: Self.member, roles: [.memberAdmin])
            let first = try await platform.login("quantri1.ubnd", through: Self.member).token
            let second = try await platform.login("quantri2.ubnd", through: Self.member).token
            let dashboard = platform.member(Self.member, service: platform.central)
            for number in 0..<20 {
                let token: String? = [nil, first, second][number % 3]
                _ = try await dashboard.central(bearerToken: token) {
                    try await $0.updateMemberContact(Self.contact(number))
                }
            }
            for token in [nil, first, second] {
                let refused = await #expect(throws: RPCError.self) {
                    try await dashboard.central(bearerToken: token) {
                        try await $0.updateMemberContact(Self.contact(20))
                    }
                }
                #expect(refused?.code == .resourceExhausted, "\(String(describing: refused))")
            }
            let member = try await dashboard.central { try await $0.getMember(.with { $0.organisationID = Self.id }) }
            #expect(member.contact.email == "vanthu19@example.gov.vn", "the refused changes did nothing")
        }
    }

    @Test("a MEMBER_ADMIN's token stops working for its member's changes the moment the account is locked")
    func lockedAdministratorIsRefused() async throws {
        try await TestPlatform.with { platform in
            let admin = try await platform.createAccount("quantri.ubnd", of: Self.member, roles: [.memberAdmin])
            let token = try await platform.login("quantri.ubnd", through: Self.member).token
            _ = try await platform.accounts {
                try await $0.lockAccount(
                    .with {
                        $0.accountID = admin.accountID
                        $0.reason = "Mất máy tính xách tay"
                    })
            }
            let dashboard = platform.member(Self.member, service: platform.central)
            let refused = await #expect(throws: RPCError.self) {
                try await dashboard.central(bearerToken: token) { try await $0.updateMemberContact(Self.contact(3)) }
            }
            #expect(refused?.code == .unauthenticated, "\(String(describing: refused))")
        }
    }
}
