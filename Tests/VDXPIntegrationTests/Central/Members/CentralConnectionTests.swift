import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// A member's connection (Art. 8–9), its organisation id (QĐ 20/2020, QĐ 09/2025), its gateway (Art. 17.2), the
/// public directory (Art. 9.1) and the audit trail, against a real Central and Exchange.
@Suite("Central connections, ids, gateways, directory and audit", .serialized)
struct CentralConnectionTests {
    /// Monday 2 November 2026, 09:00 in Hà Nội.
    static let monday = Date(timeIntervalSince1970: 1_793_584_800)

    @Test("a trial shorter than a week is refused; after a week the connection becomes official")
    func trialLastsAWeek() async throws {
        let clock = ManualClock(now: Self.monday)
        try await TestPlatform.with(centralClock: clock.wallClock) { platform in
            let id = "000.00.00.H01"
            let requested = try await platform.operatorClient.central {
                try await $0.createMember(.with { $0.member = TestPlatform.application(id, "UBND Tỉnh Hà Giang") })
            }
            #expect(requested.state == .requested)
            let noCertificate = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central { try await $0.startTrial(.with { $0.organisationID = id }) }
            }
            #expect(noCertificate?.code == .failedPrecondition)
            #expect(noCertificate?.message.contains("connection certificate") == true)

            // The stranger's trial began when the platform was seeded, on the injected Monday.
            let stranger = TestPlatform.stranger.organisationID
            clock.advance(by: 6 * 86_400 + 23 * 3600)
            let early = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.makeOfficial(
                        .with {
                            $0.organisationID = stranger
                            $0.reason = "Thử nghiệm đạt"
                        })
                }
            }
            #expect(early?.code == .failedPrecondition)
            #expect(early?.message.contains("at least one week") == true)
            clock.advance(by: 3600)
            let official = try await platform.operatorClient.central {
                try await $0.makeOfficial(
                    .with {
                        $0.organisationID = stranger
                        $0.reason = "Thử nghiệm đạt"
                    })
            }
            #expect(official.state == .official)
            #expect(official.trialStartTime.date == Self.monday)
        }
    }

    @Test("a member suspends its own connection with a reason and resumes it; it cannot touch another member's")
    func suspensionAndResumption() async throws {
        try await TestPlatform.with { platform in
            let recipient = platform.member(TestPlatform.recipient, service: platform.central)
            let id = TestPlatform.recipient.organisationID
            let suspended = try await recipient.central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = id
                        $0.reason = "Nâng cấp hệ thống quản lý văn bản"
                        $0.expectedResumeDate = "2099-01-05"
                    })
            }
            #expect(suspended.state == .suspended)
            let badDay = await #expect(throws: RPCError.self) {
                try await recipient.central {
                    try await $0.suspendMember(
                        .with {
                            $0.organisationID = id
                            $0.reason = "x"
                            $0.expectedResumeDate = "05/01/2099"
                        })
                }
            }
            #expect(badDay?.code == .invalidArgument)
            #expect(suspended.expectedResumeDate == "2099-01-05")
            try await platform.waitForExchangeConfiguration()
            let toSuspended = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(TestPlatform.header(number: "901")))
            }
            #expect(toSuspended?.code == .failedPrecondition)
            #expect(toSuspended?.message.contains("SUSPENDED") == true)

            let other = await #expect(throws: RPCError.self) {
                try await recipient.central {
                    try await $0.resumeMember(.with { $0.organisationID = TestPlatform.sender.organisationID })
                }
            }
            #expect(other?.code == .permissionDenied)

            let resumed = try await recipient.central { try await $0.resumeMember(.with { $0.organisationID = id }) }
            #expect(resumed.state == .trial)
            try await platform.waitForExchangeConfiguration()
            try await platform.sendDocument(TestPlatform.header(number: "902"))
        }
    }

    @Test("a closed organisation id names its successor, and documents sent to it are refused naming the successor")
    func closedIdHasSuccessor() async throws {
        try await TestPlatform.with { platform in
            let closed = try await platform.operatorClient.central {
                try await $0.closeOrganisationId(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.successorOrganisationID = TestPlatform.stranger.organisationID
                        $0.reason = "Sắp xếp đơn vị hành chính theo Nghị quyết 202/2025/QH15"
                    })
            }
            #expect(closed.state == .closed)
            #expect(closed.successorOrganisationID == TestPlatform.stranger.organisationID)
            try await platform.waitForExchangeConfiguration()
            let refused = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(TestPlatform.header(number: "911")))
            }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains("successor is \(TestPlatform.stranger.organisationID)") == true)
            let closedSends = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange { try await $0.fetchInbox(.init()) }
            }
            #expect(closedSends?.code == .permissionDenied)

            let final = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.reconnectMember(
                        .with {
                            $0.organisationID = TestPlatform.recipient.organisationID
                            $0.remediationAssessment = "x"
                        })
                }
            }
            #expect(final?.code == .failedPrecondition)
            // Final for its records too: no new certificate or account under the closed id.
            let certificate = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    _ = try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = TestPlatform.recipient.organisationID
                            $0.usage = .signing
                            $0.certificateDer = Data(
                                try PEM.loadCertificateChain(
                                    pemFile: platform.pki.members[TestPlatform.recipient.organisationID]!.signingChain
                                )[0].derEncodedBytes)
                        })
                }
            }
            #expect(certificate?.code == .failedPrecondition, "\(String(describing: certificate))")
            #expect(certificate?.message.contains(TestPlatform.stranger.organisationID) == true, "names the successor")
            let account = await #expect(throws: RPCError.self) {
                try await platform.createAccount("clerk.h26", of: TestPlatform.recipient, roles: [.memberUser])
            }
            #expect(account?.code == .failedPrecondition, "\(String(describing: account))")
            let unknownSuccessor = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.closeOrganisationId(
                        .with {
                            $0.organisationID = TestPlatform.stranger.organisationID
                            $0.successorOrganisationID = "000.00.00.H99"
                            $0.reason = "x"
                        })
                }
            }
            #expect(unknownSuccessor?.code == .failedPrecondition)
        }
    }

    @Test("closing an id waits for its successor's row: a successor closed meanwhile is refused (no chain, no cycle)")
    func closingLocksTheSuccessor() async throws {
        try await TestPlatform.with { platform in
            let (closing, successor) = (TestPlatform.recipient.organisationID, TestPlatform.stranger.organisationID)
            let successorsSuccessor = TestPlatform.sender.organisationID
            let request = Vdxp_Central_V1_CloseOrganisationIdRequest.with {
                $0.organisationID = closing
                $0.successorOrganisationID = successor
                $0.reason = "Sáp nhập"
            }
            let operatorClient = platform.operatorClient
            let call = try await platform.database { database in
                // Another operator's transaction, closing the successor (towards a third member), holds its row.
                try await database.transaction(logger: platform.logger) { connection in
                    try await database.query(
                        "SELECT 1 FROM central.members WHERE organisation_id = \(successor) FOR UPDATE",
                        on: connection, logger: platform.logger)
                    let call = Task { try await operatorClient.central { try await $0.closeOrganisationId(request) } }
                    try await Task.sleep(for: .seconds(1))
                    try await database.query(
                        """
                        UPDATE central.members SET state = \(Int16(Vdxp_Central_V1_MemberState.closed.rawValue)),
                            successor = \(successorsSuccessor)
                        WHERE organisation_id = \(successor)
                        """, on: connection, logger: platform.logger)
                    return call
                }
            }
            let refused = await #expect(throws: RPCError.self) { try await call.value }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains(successor) == true, "\(String(describing: refused))")
            let first = try await platform.operatorClient.central {
                try await $0.getMember(.with { $0.organisationID = closing })
            }
            #expect(
                first.state != .closed, "the id whose successor closed first stays open: no id closes into a closed one"
            )
        }
    }

    @Test("a gateway change is announced at least 3 working days ahead and reaches the global configuration")
    func gatewayChangeNotice() async throws {
        // Friday 28 August 2026: Monday 31 August is configured as a day off, 1–2 September are National Day.
        let friday = Date(timeIntervalSince1970: 1_787_882_400)  // 2026-08-28T09:00:00+07:00
        let clock = ManualClock(now: friday)
        try await TestPlatform.with(
            centralSettings: ["VDXP_PUBLIC_HOLIDAYS": "2026-08-31"], centralClock: clock.wallClock
        ) {
            platform in
            let recipient = platform.member(TestPlatform.recipient, service: platform.central)
            let id = TestPlatform.recipient.organisationID
            func announce(_ day: String) async throws -> Vdxp_Central_V1_Member {
                try await recipient.central {
                    try await $0.scheduleEndpointChange(
                        .with {
                            $0.organisationID = id
                            $0.endpoint = .with {
                                $0.address = "https://lienthong.hanoi.gov.vn:8443"
                                $0.effectiveDate = day
                            }
                        })
                }
            }
            // Working days after Friday: Thu 3, Fri 4, Mon 7 September — the earliest day is the 7th.
            let tooSoon = await #expect(throws: RPCError.self) { try await announce("2026-09-04") }
            #expect(tooSoon?.code == .failedPrecondition)
            #expect(tooSoon?.message.contains("2026-09-07") == true)
            let member = try await announce("2026-09-07")
            #expect(member.pendingEndpointChange.endpoint.effectiveDate == "2026-09-07")
            #expect(!member.hasEndpoint)

            let configuration = try await platform.operatorClient.central {
                try await $0.getGlobalConfiguration(.init())
            }
            let published = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: configuration.configuration)
            let entry = try #require(published.members.first { $0.organisationID == id })
            #expect(entry.pendingEndpointChange.endpoint.address == "https://lienthong.hanoi.gov.vn:8443")

            clock.advance(by: 10 * 86_400)  // Monday 7 September: in effect
            let later = try await platform.operatorClient.central {
                try await $0.getMember(.with { $0.organisationID = id })
            }
            #expect(later.endpoint.address == "https://lienthong.hanoi.gov.vn:8443")
            #expect(!later.hasPendingEndpointChange)
        }
    }

    @Test("the public directory lists members with their state, suspended and cut-off too (Art. 9.1), to anyone")
    func publicDirectory() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.operatorClient.central {
                try await $0.createMember(
                    .with { $0.member = TestPlatform.application("001.02.00.H26", "Sở Nội vụ Hà Nội") })
            }
            _ = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = TestPlatform.stranger.organisationID
                        $0.incident = "Sự cố"
                    })
            }
            _ = try await platform.member(TestPlatform.sender, service: platform.central).central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = TestPlatform.sender.organisationID
                        $0.reason = "Nâng cấp hệ thống"
                        $0.expectedResumeDate = "2099-01-05"
                    })
            }
            let (all, hanoi) = try await withGRPCClient(
                transport: try TransportFactory.tlsClient(
                    target: platform.centralPublic, caPath: platform.pki.platformCA)
            ) { client in
                let directory = Vdxp_Central_V1_PublicDirectoryService.Client(wrapping: client)
                let all = try await directory.listDirectoryEntries(.with { $0.pageSize = 1 })
                var entries = all.entries
                var token = all.nextPageToken
                while !token.isEmpty {
                    let page = try await directory.listDirectoryEntries(
                        .with {
                            $0.pageSize = 1
                            $0.pageToken = token
                        })
                    entries += page.entries
                    token = page.nextPageToken
                }
                let hanoi = try await directory.listDirectoryEntries(.with { $0.level1Unit = "H26" })
                let bad = await #expect(throws: RPCError.self) {
                    try await directory.listDirectoryEntries(.with { $0.level1Unit = "H26'; --" })
                }
                #expect(bad?.code == .invalidArgument)
                return (entries, hanoi.entries)
            }
            #expect(
                all.map(\.organisationID)
                    == [
                        TestPlatform.sender.organisationID, TestPlatform.recipient.organisationID,
                        TestPlatform.stranger.organisationID,
                    ],
                "connected members, the suspended and cut-off ones too; not the requested one")
            #expect(all.map(\.state) == [.suspended, .trial, .cutOff])
            #expect(hanoi.map(\.organisationID) == [TestPlatform.recipient.organisationID])
            #expect(hanoi.first?.state == .trial)
        }
    }

    @Test("every operator and member action is audited with who, what, when and why")
    func auditTrail() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = TestPlatform.stranger.organisationID
                        $0.incident = "Lộ khóa kết nối"
                    })
            }
            _ = try await platform.member(TestPlatform.recipient, service: platform.central).central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.reason = "Bảo trì"
                        $0.expectedResumeDate = "2099-01-01"
                    })
            }
            let events = try await platform.operatorClient.central { try await $0.listAuditEvents(.init()) }.events
            let cut = try #require(events.first { $0.action == "cut_off_member" })
            #expect(cut.actor == "operator admin")
            #expect(cut.target == TestPlatform.stranger.organisationID)
            #expect(cut.reason == "Lộ khóa kết nối")
            let suspension = try #require(events.first { $0.action == "suspend_member" })
            #expect(suspension.actor.contains(TestPlatform.recipient.organisationID))
            #expect(events.map(\.id) == events.map(\.id).sorted(by: >), "newest first")
            let filtered = try await platform.operatorClient.central {
                try await $0.listAuditEvents(
                    .with {
                        $0.targetPrefix = TestPlatform.stranger.organisationID
                        $0.pageSize = 2
                    })
            }
            #expect(filtered.events.allSatisfy { $0.target.hasPrefix(TestPlatform.stranger.organisationID) })
            #expect(!filtered.nextPageToken.isEmpty)
            let badToken = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central { try await $0.listAuditEvents(.with { $0.pageToken = "x" }) }
            }
            #expect(badToken?.code == .invalidArgument)
            let noIncident = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.cutOffMember(.with { $0.organisationID = TestPlatform.sender.organisationID })
                }
            }
            #expect(noIncident?.code == .invalidArgument)
        }
    }

    @Test("a retired authority leaves the global configuration at its retire time")
    func retireAtATime() async throws {
        try await TestPlatform.with { platform in
            let authority = try #require(
                try await platform.operatorClient.central { try await $0.listTrustedAuthorities(.init()) }
                    .trustedAuthorities.first)
            let later = Date().addingTimeInterval(3600)
            let retired = try await platform.operatorClient.central {
                try await $0.retireTrustedAuthority(
                    .with {
                        $0.fingerprintSha256 = authority.fingerprintSha256
                        $0.reason = "Hết hạn hợp đồng"
                        $0.retireTime = .init(date: later)
                    })
            }
            #expect(retired.retireReason == "Hết hạn hợp đồng")
            let configuration = try await platform.operatorClient.central {
                try await $0.getGlobalConfiguration(.init())
            }
            let published = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: configuration.configuration)
            #expect(
                published.trustedAuthorities.map(\.fingerprintSha256) == [authority.fingerprintSha256],
                "trusted until then")
            let past = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.retireTrustedAuthority(
                        .with {
                            $0.fingerprintSha256 = authority.fingerprintSha256
                            $0.reason = "x"
                            $0.retireTime = .init(date: Date().addingTimeInterval(-86_400))
                        })
                }
            }
            #expect(past?.code == .invalidArgument)
        }
    }
}

extension CentralConnectionTests {
    @Test("a member is told by e-mail and SMS 30 days before a registered certificate expires, once")
    func certificateExpiryWarning() async throws {
        let clock = ManualClock()
        try await TestPlatform.with(
            centralSettings: ["VDXP_CERTIFICATE_EXPIRY_CHECK_SECONDS": "1"], centralClock: clock.wallClock
        ) { platform in
            func warnings() async throws -> [Vdxp_Central_V1_Notification] {
                try await platform.operatorClient.accounts {
                    try await $0.listNotifications(
                        .with {
                            $0.kind = "certificate.expiry_warning"
                            $0.pageSize = 100
                        })
                }.notifications
            }
            #expect(try await warnings().isEmpty, "nothing is due a year before expiry")
            clock.advance(by: 340 * 86_400)  // the development certificates are valid for a year
            var due: [Vdxp_Central_V1_Notification] = []
            for _ in 0..<50 where due.isEmpty {
                try await Task.sleep(for: .milliseconds(200))
                due = try await warnings()
            }
            // Each seeded member has a connection and a signing certificate, and a contact e-mail and phone.
            let sender = due.filter { $0.organisationID == TestPlatform.sender.organisationID }
            #expect(sender.count == 4, "two certificates, each by e-mail and SMS")
            #expect(sender.contains { $0.channel == .email && $0.body.contains("expires on") })
            try await Task.sleep(for: .seconds(2.5))
            #expect(try await warnings().count == due.count, "each certificate is warned about once")
        }
    }
}
