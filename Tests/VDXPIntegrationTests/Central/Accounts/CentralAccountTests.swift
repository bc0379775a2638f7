import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPCentral
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// Accounts (Art. 16): the operator issues each member's administrator account, member administrators delegate to
/// their users, three months without activity bring two warnings by SMS and e-mail and then a lock, and lost
/// credentials are locked at once. Real PostgreSQL, real mutual TLS.
@Suite("Central accounts (Art. 16)", .serialized)
struct CentralAccountTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient

    @Test(
        "the operator issues a member's first administrator account; the administrator creates users and grants roles in its member"
    )
    func delegation() async throws {
        try await TestPlatform.with { platform in
            let admin = try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            #expect(admin.state == .active)
            #expect(admin.organisationID == Self.sender.organisationID)
            #expect(admin.roles == [.memberAdmin])
            #expect(admin.phone == "+84912345678", "the phone is stored without spaces")

            let session = try await platform.login("admin.g22")
            let clerk = try await platform.createAccount(
                "clerk.g22", of: Self.sender, roles: [.memberUser], token: session.token)
            #expect(clerk.roles == [.memberUser])
            let granted = try await platform.accounts(token: session.token, through: Self.sender) {
                try await $0.setAccountRoles(
                    .with {
                        $0.accountID = clerk.accountID
                        $0.roles = [.auditor, .memberUser]
                        $0.reason = "kiểm tra nội bộ"
                    })
            }
            #expect(granted.roles == [.memberUser, .auditor])

            let first = try await platform.accounts(token: session.token, through: Self.sender) {
                try await $0.listAccounts(.with { $0.pageSize = 1 })
            }
            #expect(first.accounts.map(\.username) == ["admin.g22"])
            let second = try await platform.accounts(token: session.token, through: Self.sender) {
                try await $0.listAccounts(
                    .with {
                        $0.pageSize = 1
                        $0.pageToken = first.nextPageToken
                    })
            }
            #expect(second.accounts.map(\.username) == ["clerk.g22"])
            #expect(second.nextPageToken.isEmpty)

            let lastAdmin = await #expect(throws: RPCError.self) {
                try await platform.accounts(token: session.token, through: Self.sender) {
                    try await $0.setAccountRoles(
                        .with {
                            $0.accountID = admin.accountID
                            $0.roles = [.memberUser]
                        })
                }
            }
            #expect(lastAdmin?.code == .failedPrecondition, "a member must keep an administrator")

            let user = try await platform.login("clerk.g22")
            let notAdmin = await #expect(throws: RPCError.self) {
                try await platform.createAccount("third.g22", of: Self.sender, roles: [.memberUser], token: user.token)
            }
            #expect(notAdmin?.code == .permissionDenied)
            let taken = await #expect(throws: RPCError.self) {
                try await platform.createAccount("CLERK.g22", of: Self.sender, roles: [.memberUser])
            }
            #expect(taken?.code == .alreadyExists, "usernames are unique platform-wide, whatever the case")

            let audit = try await platform.operatorClient.central {
                try await $0.listAuditEvents(.with { $0.targetPrefix = "accounts/" })
            }
            #expect(audit.events.map(\.action) == ["set_account_roles", "create_account", "create_account"])
            #expect(audit.events[1].actor == "account admin.g22 of \(Self.sender.organisationID)")
            #expect(audit.events[2].actor == "operator admin")
        }
    }

    @Test("a member's administrator cannot create, read, list, change or lock another member's accounts")
    func otherMembers() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            let other = try await platform.createAccount("admin.h26", of: Self.recipient, roles: [.memberAdmin])
            let token = try await platform.login("admin.g22").token
            let attempts:
                [@Sendable (Vdxp_Central_V1_AccountService.Client<HTTP2ClientTransport.Posix>) async throws -> Void] = [
                    {
                        _ = try await $0.createAccount(
                            .with {
                                $0.account = TestPlatform.account("x.h26", of: Self.recipient, roles: [.memberUser])
                                $0.password = TestPlatform.password
                            })
                    },
                    { _ = try await $0.listAccounts(.with { $0.organisationID = Self.recipient.organisationID }) },
                    {
                        _ = try await $0.setAccountRoles(
                            .with {
                                $0.accountID = other.accountID
                                $0.roles = [.auditor]
                            })
                    },
                    {
                        _ = try await $0.lockAccount(
                            .with {
                                $0.accountID = other.accountID
                                $0.reason = "thử"
                            })
                    },
                    {
                        _ = try await $0.changePassword(
                            .with {
                                $0.accountID = other.accountID
                                $0.newPassword = "một mật khẩu mới dài"
                            })
                    },
                ]
            for attempt in attempts {
                let error = await #expect(throws: RPCError.self) {
                    try await platform.accounts(token: token, through: Self.sender, attempt)
                }
                #expect(error?.code == .permissionDenied, "\(error?.message ?? "")")
            }
            // Another member's account reads as none at all, by id or by username: whether a person has an account
            // elsewhere is not the caller's to learn.
            let nobody = await #expect(throws: RPCError.self) {
                try await platform.accounts(token: token, through: Self.sender) {
                    try await $0.getAccount(.with { $0.username = "nobody.h26" })
                }
            }
            #expect(nobody?.code == .notFound)
            for request in [
                Vdxp_Central_V1_GetAccountRequest.with { $0.accountID = other.accountID },
                .with { $0.username = "admin.h26" },
            ] {
                let hidden = await #expect(throws: RPCError.self) {
                    try await platform.accounts(token: token, through: Self.sender) {
                        _ = try await $0.getAccount(request)
                    }
                }
                #expect(hidden?.code == .notFound, "\(hidden?.message ?? "")")
                #expect(
                    hidden?.message.replacingOccurrences(of: "admin.h26", with: "nobody.h26")
                        .replacingOccurrences(of: other.accountID, with: "nobody.h26") == nobody?.message)
            }
            let wrongConnection = await #expect(throws: RPCError.self) {
                try await platform.accounts(token: token, through: Self.recipient) {
                    try await $0.getAccount(.with { $0.username = "admin.g22" })
                }
            }
            #expect(
                wrongConnection?.code == .permissionDenied, "a member's system carries only its own people's tokens")
        }
    }

    @Test("a sign-in returns a short-lived token signed with Central's configuration key, which every service accepts")
    func tokens() async throws {
        try await TestPlatform.with { platform in
            let admin = try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            let before = Date()
            let session = try await platform.login("ADMIN.g22")
            #expect(session.account.accountID == admin.accountID)
            #expect(abs(session.expireTime.date.timeIntervalSince(before) - 900) < 60, "15 minutes by default")

            let anchor = try PEM.loadCertificateChain(pemFile: platform.pki.configurationSigningCertificate)[0]
            let verified = try AccountTokenVerifier(anchor: anchor).verify(session.token, now: Date())
            #expect(verified.accountID == admin.accountID)
            #expect(verified.username == "admin.g22")
            #expect(verified.organisationID == Self.sender.organisationID)
            #expect(verified.roles == [.memberAdmin])
            #expect(verified.expireTime == session.expireTime.date)
            let claims = try Vdxp_Central_V1_AccountTokenClaims(
                serializedBytes: Base64URL.decode(session.token.split(separator: ".")[0])!)
            #expect(claims.issuer == "vdxp.central")

            let own = try await platform.accounts(token: session.token, through: Self.sender) {
                try await $0.getAccount(.with { $0.accountID = admin.accountID })
            }
            #expect(own.username == "admin.g22")
            let inbox = try await platform.member(Self.sender).run(bearerToken: session.token) {
                try await Vdxp_Exchange_V1_ExchangeService.Client(wrapping: $0).fetchInbox(.init())
            }
            #expect(inbox.deliveries.isEmpty, "Exchange checked the token with the anchor and let the call through")
        }
    }

    @Test("a tampered, forged or expired token is refused with UNAUTHENTICATED by Central and by Exchange")
    func badTokens() async throws {
        try await TestPlatform.with { platform in
            let admin = try await platform.createAccount("clerk.g22", of: Self.sender, roles: [.memberUser])
            let session = try await platform.login("clerk.g22")
            let parts = session.token.split(separator: ".")
            var claims = try Vdxp_Central_V1_AccountTokenClaims(serializedBytes: Base64URL.decode(parts[0])!)
            claims.roles = [.memberAdmin]
            let tampered = Base64URL.encode(try claims.serializedBytes() as [UInt8]) + "." + parts[1]
            let forged = try platform.token(for: admin, issuedAt: Date(), key: SigningKey(generating: .p256))
            let expired = try platform.token(for: admin, issuedAt: Date().addingTimeInterval(-3600))
            for (name, token) in [
                ("tampered", tampered), ("forged", forged), ("expired", expired), ("garbage", "not-a-token"),
            ] {
                let central = await #expect(throws: RPCError.self, "\(name)") {
                    try await platform.accounts(token: token, through: Self.sender) {
                        try await $0.getAccount(.with { $0.accountID = admin.accountID })
                    }
                }
                #expect(central?.code == .unauthenticated, "\(name): \(central?.message ?? "")")
                let exchange = await #expect(throws: RPCError.self, "\(name)") {
                    try await platform.member(Self.sender).run(bearerToken: token) {
                        try await Vdxp_Exchange_V1_ExchangeService.Client(wrapping: $0).fetchInbox(.init())
                    }
                }
                #expect(exchange?.code == .unauthenticated, "\(name): \(exchange?.message ?? "")")
                if name == "expired" { #expect(exchange?.message.contains("expired") == true) }
            }
        }
    }

    @Test("a wrong username or password gets one answer; after 5 failures in a row sign-ins are refused for 15 minutes")
    func throttling() async throws {
        let clock = ManualClock()
        try await TestPlatform.with(centralClock: clock.wallClock) { platform in
            try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            let unknown = await #expect(throws: RPCError.self) { try await platform.login("nobody.g22") }
            let wrong = await #expect(throws: RPCError.self) {
                try await platform.login("admin.g22", password: "không phải mật khẩu")
            }
            #expect(unknown?.code == .unauthenticated)
            #expect(wrong?.code == .unauthenticated)
            #expect(unknown?.message == wrong?.message, "nobody learns which usernames exist")

            for _ in 0..<4 { _ = try? await platform.login("admin.g22", password: "không phải mật khẩu") }
            let blocked = await #expect(throws: RPCError.self) { try await platform.login("admin.g22") }
            #expect(blocked?.code == .resourceExhausted, "refused even with the right password")
            #expect(blocked?.message.contains("refused until") == true)

            clock.advance(by: 15 * 60 + 1)
            let session = try await platform.login("admin.g22")
            #expect(session.account.username == "admin.g22")

            // A success resets the count: four failures, a success, then a failure do not block.
            for _ in 0..<4 { _ = try? await platform.login("admin.g22", password: "không phải mật khẩu") }
            _ = try await platform.login("admin.g22")
            _ = try? await platform.login("admin.g22", password: "không phải mật khẩu")
            let failures = try await platform.database { database in
                try await database.query("SELECT failed_logins FROM central.accounts WHERE username = 'admin.g22'")
                    .collect().first?.decode(Int.self)
            }
            #expect(failures == 1)
            _ = try await platform.login("admin.g22")

            // Another member's system cannot sign in this member's accounts, nor lock them by guessing: it gets the
            // answer of an unknown username, even with the right password, and its attempts count for nothing.
            for password in [TestPlatform.password] + Array(repeating: "không phải mật khẩu", count: 6) {
                let foreign = await #expect(throws: RPCError.self) {
                    try await platform.login("admin.g22", password: password, through: TestPlatform.recipient)
                }
                #expect(foreign?.code == .unauthenticated)
                #expect(foreign?.message == unknown?.message)
            }
            _ = try await platform.login("admin.g22")
        }
    }

    @Test(
        "an account locked on request (lost credentials) is refused at once, the person is told, its administrator unlocks it"
    )
    func lockOnRequest() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            let admin = try await platform.login("admin.g22").token
            let clerk = try await platform.createAccount(
                "clerk.g22", of: Self.sender, roles: [.memberUser], token: admin)
            let session = try await platform.login("clerk.g22")

            let locked = try await platform.accounts(token: session.token, through: Self.sender) {
                try await $0.lockAccount(
                    .with {
                        $0.accountID = clerk.accountID
                        $0.reason = "Mất máy tính xách tay"
                    })
            }
            #expect(locked.state == .locked)
            #expect(locked.lock.kind == .requested)
            #expect(locked.lock.lockedBy == "account clerk.g22 of \(Self.sender.organisationID)")

            let refused = await #expect(throws: RPCError.self) { try await platform.login("clerk.g22") }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains("Mất máy tính xách tay") == true)
            #expect(refused?.message.contains("ask an administrator of \(Self.sender.organisationID)") == true)
            let oldToken = await #expect(throws: RPCError.self) {
                try await platform.accounts(token: session.token, through: Self.sender) {
                    try await $0.getAccount(.with { $0.accountID = clerk.accountID })
                }
            }
            #expect(
                oldToken?.code == .unauthenticated,
                "Central re-reads the account: a locked account's token stops at once")

            let notices = try await platform.notifications(kind: "account.locked", accountID: clerk.accountID)
            #expect(Set(notices.map(\.channel)) == [.email, .sms])
            #expect(Set(notices.map(\.recipient)) == ["clerk.g22@example.gov.vn", "+84912345678"])

            let unlocked = try await platform.accounts(token: admin, through: Self.sender) {
                try await $0.unlockAccount(
                    .with {
                        $0.accountID = clerk.accountID
                        $0.reason = "Đã cấp lại thiết bị"
                    })
            }
            #expect(unlocked.state == .active)
            _ = try await platform.login("clerk.g22")
            let audit = try await platform.operatorClient.central {
                try await $0.listAuditEvents(.with { $0.targetPrefix = "accounts/clerk.g22" })
            }
            #expect(audit.events.map(\.action) == ["unlock_account", "lock_account", "create_account"])
            #expect(audit.events[1].reason == "requested: Mất máy tính xách tay")
        }
    }

    @Test(
        "inactivity: warned by e-mail and SMS at 2 months and at 2.5 months, locked at 3 months; a sign-in starts again"
    )
    func inactivity() async throws {
        let clock = ManualClock()
        let day: TimeInterval = 86_400
        try await TestPlatform.with(
            centralSettings: ["VDXP_ACCOUNT_INACTIVITY_CHECK_SECONDS": "86400"], centralClock: clock.wallClock
        ) { platform in
            let idle = try await platform.createAccount("idle.g22", of: Self.sender, roles: [.memberUser])
            try await platform.createAccount("busy.g22", of: Self.sender, roles: [.memberUser])

            clock.advance(by: 30 * day)
            #expect(
                try await platform.sweepInactiveAccounts(clock: clock) == .init(), "nothing in the first two months")

            clock.advance(by: 32 * day)
            #expect(try await platform.sweepInactiveAccounts(clock: clock).warnings == 2, "both are two months idle")
            let first = try await platform.notifications(kind: "account.inactivity_warning", accountID: idle.accountID)
            #expect(Set(first.map(\.channel)) == [.email, .sms])
            #expect(
                first.allSatisfy { $0.body.contains("idle.g22") && $0.organisationID == Self.sender.organisationID })
            #expect(first.contains { $0.subject.contains("1/2") })
            #expect(try await platform.sweepInactiveAccounts(clock: clock) == .init(), "each warning is sent once")

            clock.advance(by: 8 * day)
            let busy = try await platform.login("busy.g22").account
            #expect(busy.inactivityWarningsSent == 0, "a sign-in is activity: the count starts again")

            clock.advance(by: 8 * day)
            #expect(
                try await platform.sweepInactiveAccounts(clock: clock).warnings == 1,
                "the second warning, for idle only")
            let second = try await platform.notifications(kind: "account.inactivity_warning", accountID: idle.accountID)
            #expect(second.count == 4)
            #expect(second.contains { $0.subject.contains("2/2") })

            clock.advance(by: 15 * day)
            let report = try await platform.sweepInactiveAccounts(clock: clock)
            #expect(
                report == .init(warnings: 0, locks: 1), "idle is locked at three months; busy signed in 23 days ago")
            let locked = try await platform.accounts {
                try await $0.getAccount(.with { $0.accountID = idle.accountID })
            }
            #expect(locked.state == .locked)
            #expect(locked.lock.kind == .inactivity)
            #expect(locked.lock.lockedBy == "inactivity job")
            let notices = try await platform.notifications(kind: "account.locked", accountID: idle.accountID)
            #expect(Set(notices.map(\.channel)) == [.email, .sms])
            let refused = await #expect(throws: RPCError.self) { try await platform.login("idle.g22") }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains("inactivity") == true)
            let stillActive = try await platform.accounts {
                try await $0.getAccount(.with { $0.username = "busy.g22" })
            }
            #expect(stillActive.state == .active)
        }
    }

    @Test("passwords are stored only as salted scrypt hashes; changing one stops the old password and older tokens")
    func passwords() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            let clerk = try await platform.createAccount("clerk.g22", of: Self.sender, roles: [.memberUser])
            let stored = try await platform.database { database in
                try await database.query("SELECT password_hash FROM central.accounts ORDER BY username")
                    .collect().map { try $0.decode(String.self) }
            }
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { $0.hasPrefix("$scrypt$ln=15,r=8,p=1$") && !$0.contains(TestPlatform.password) })
            #expect(stored[0] != stored[1], "the same password hashes differently with each salt")

            let short = await #expect(throws: RPCError.self) {
                try await platform.accounts {
                    try await $0.createAccount(
                        .with {
                            $0.account = TestPlatform.account("short.g22", of: Self.sender, roles: [.memberUser])
                            $0.password = "ngắn quá"
                        })
                }
            }
            #expect(short?.code == .invalidArgument)
            #expect(short?.message.contains("password: must have at least 12 characters") == true)

            let session = try await platform.login("clerk.g22")
            let newPassword = "một mật khẩu mới hoàn toàn"
            let wrongCurrent = await #expect(throws: RPCError.self) {
                try await platform.accounts(token: session.token, through: Self.sender) {
                    try await $0.changePassword(
                        .with {
                            $0.accountID = clerk.accountID
                            $0.currentPassword = "không đúng đâu nhé"
                            $0.newPassword = newPassword
                        })
                }
            }
            #expect(wrongCurrent?.code == .unauthenticated)
            _ = try await platform.accounts(token: session.token, through: Self.sender) {
                try await $0.changePassword(
                    .with {
                        $0.accountID = clerk.accountID
                        $0.currentPassword = TestPlatform.password
                        $0.newPassword = newPassword
                    })
            }
            let old = await #expect(throws: RPCError.self) { try await platform.login("clerk.g22") }
            #expect(old?.code == .unauthenticated)
            _ = try await platform.login("clerk.g22", password: newPassword)
            let olderToken = await #expect(throws: RPCError.self) {
                try await platform.accounts(token: session.token, through: Self.sender) {
                    try await $0.getAccount(.with { $0.accountID = clerk.accountID })
                }
            }
            #expect(olderToken?.code == .unauthenticated, "tokens issued before the change are refused by Central")

            let admin = try await platform.login("admin.g22").token
            _ = try await platform.accounts(token: admin, through: Self.sender) {
                try await $0.changePassword(
                    .with {
                        $0.accountID = clerk.accountID
                        $0.newPassword = "đặt lại bởi quản trị viên"
                    })
            }
            _ = try await platform.login("clerk.g22", password: "đặt lại bởi quản trị viên")
            let audit = try await platform.operatorClient.central {
                try await $0.listAuditEvents(.with { $0.targetPrefix = "accounts/clerk.g22" })
            }
            #expect(audit.events.map(\.action).prefix(2) == ["reset_password", "change_password"])
            #expect(audit.events.allSatisfy { !$0.reason.contains(newPassword) })
        }
    }
}
