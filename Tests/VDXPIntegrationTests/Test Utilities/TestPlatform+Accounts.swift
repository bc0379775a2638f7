import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCentral
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// Short-hands for the account tests: people of the demo members, signing in, the database behind Central.
extension TestPlatform {
    /// A password that satisfies the rules (≥ 12 characters).
    static let password = "ba con mèo trèo cây cau"

    /// A new account for `username` of `member` with `roles`.
    static func account(
        _ username: String, of member: DevelopmentMember, roles: [Vdxp_Central_V1_AccountRole]
    ) -> Vdxp_Central_V1_Account {
        .with {
            $0.username = username
            $0.displayName = "Người dùng \(username)"
            $0.email = "\(username)@example.gov.vn"
            $0.phone = "+84 912 345 678"
            $0.organisationID = member.organisationID
            $0.roles = roles
        }
    }

    /// Calls `AccountService` as the operator, or — with `token` — as the person signed in, through the connection
    /// of `member` (default: the operator's certificate).
    func accounts<Result: Sendable>(
        token: String? = nil, through member: DevelopmentMember? = nil,
        _ body: @Sendable (Vdxp_Central_V1_AccountService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let client = member.map { self.member($0, service: central) } ?? operatorClient
        return try await client.accounts(bearerToken: token, body)
    }

    /// Creates an account (as the operator unless `token` is given) with ``password``.
    @discardableResult
    func createAccount(
        _ username: String, of member: DevelopmentMember, roles: [Vdxp_Central_V1_AccountRole], token: String? = nil
    ) async throws -> Vdxp_Central_V1_Account {
        try await accounts(token: token, through: token == nil ? nil : member) {
            try await $0.createAccount(
                .with {
                    $0.account = Self.account(username, of: member, roles: roles)
                    $0.password = Self.password
                })
        }
    }

    /// Signs in through `member`'s connection (as a member's dashboard would).
    func login(
        _ username: String, password: String = TestPlatform.password, through member: DevelopmentMember = sender
    ) async throws -> Vdxp_Central_V1_LoginResponse {
        try await accounts(through: member) {
            try await $0.login(
                .with {
                    $0.username = username
                    $0.password = password
                })
        }
    }

    /// The outbox, newest first, as the operator sees it.
    func notifications(kind: String = "", accountID: String = "") async throws -> [Vdxp_Central_V1_Notification] {
        try await accounts {
            try await $0.listNotifications(
                .with {
                    $0.kind = kind
                    $0.accountID = accountID
                    $0.pageSize = 1000
                }
            )
            .notifications
        }
    }

    /// Runs `body` with a client of the platform's database (to look at rows as an auditor of the schema would).
    func database<Result: Sendable>(_ body: @Sendable (Database) async throws -> Result) async throws -> Result {
        let client = Database(configuration: try DatabaseURL(databaseURL).clientConfiguration(), logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            await client.waitUntilRunning()
            return try await body(client)
        }
    }

    /// Runs one inactivity sweep now, on `clock`, as a Central replica would.
    @discardableResult
    func sweepInactiveAccounts(clock: ManualClock) async throws -> AccountInactivitySweeper.Report {
        let logger = self.logger
        return try await database { client in
            try await AccountInactivitySweeper(database: client, clock: clock.wallClock, logger: logger).sweep()
        }
    }

    /// A token for `claims` signed with `key` at `now` (to forge and expire tokens).
    func token(
        for account: Vdxp_Central_V1_Account, issuedAt now: Date, lifetime: TimeInterval = 900, key: SigningKey? = nil
    ) throws -> String {
        let key = try key ?? PEM.loadSigningKey(pemFile: pki.configurationSigningKey)
        return try AccountTokenIssuer(signingKey: key, lifetime: lifetime).issue(
            accountID: account.accountID, username: account.username, organisationID: account.organisationID,
            roles: account.roles, now: now
        ).token
    }
}
