import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// `vdxp account …`: people's accounts in Central (Art. 16). Acts as the operator, or — with `--token` or
/// `VDXP_ACCOUNT_TOKEN` — as the person signed in, through the operator's certificate or a member's (`--as`).
///
/// ```sh
/// vdxp account create admin.g22 --member 000.00.00.G22 --name "Nguyễn Văn An" --email an@vpcp.gov.vn \
///     --phone 0912345678 --role member_admin
/// export VDXP_ACCOUNT_TOKEN=$(vdxp account login admin.g22 --as 000.00.00.G22)
/// vdxp account create clerk.g22 --member 000.00.00.G22 … --role member_user --as 000.00.00.G22
/// ```
struct Account: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage people's accounts in Central (Art. 16).",
        subcommands: [Create.self, List.self, Show.self, Roles.self, Lock.self, Unlock.self, Login.self, Passwd.self])

    /// Who calls: the cluster, the certificate, the token.
    struct Caller: ParsableArguments {
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: "Call through this member's connection certificate (default: the operator's).")
        var member: String?
        @Option(
            help: ArgumentHelp(
                "An account token from `vdxp account login`; visible to other users of the machine: prefer "
                    + "--token-file or $VDXP_ACCOUNT_TOKEN. Without one you act as the operator.",
                valueName: "token"))
        var token: String?
        @Option(help: "A file holding the account token (`-`: standard input).") var tokenFile: String?

        func call<Result: Sendable>(
            _ body:
                @Sendable @escaping (Vdxp_Central_V1_AccountService.Client<HTTP2ClientTransport.Posix>) async throws ->
                Result
        ) async throws -> Result {
            let cluster = try options.load()
            let client =
                try member.map { try cluster.memberClient("central", as: $0) } ?? cluster.operatorClient("central")
            let token = try Account.token(given: self.token, file: tokenFile)
            return try await client.accounts(bearerToken: token, body)
        }

        /// The id of an account named by id or username.
        func accountID(_ text: String) async throws -> String {
            if UUID(uuidString: text) != nil { return text.lowercased() }
            return try await call { try await $0.getAccount(.with { $0.username = text }).accountID }
        }

        func print(_ account: Vdxp_Central_V1_Account) throws {
            if options.json { return try printJSON(account) }
            Swift.print(Self.line(account))
        }

        static func line(_ account: Vdxp_Central_V1_Account) -> String {
            let roles = account.roles.map(Account.word).joined(separator: ",")
            let lock = account.hasLock ? "  locked (\(account.lock.kind)): \(account.lock.reason)" : ""
            return "\(account.accountID)  \(account.username)  \(account.organisationID)  \(roles)  "
                + "\(account.state == .active ? "active" : "LOCKED")\(lock)"
        }
    }

    /// The account token: from `--token-file`, else `--token` (with a warning: `ps` shows it), else
    /// `$VDXP_ACCOUNT_TOKEN`; nil when none is given (or it is empty).
    static func token(given: String?, file: String?) throws -> String? {
        let token: String?
        if let file {
            token = try Secret.read(file: file, prompt: "account token")
        } else if let given {
            Secret.warnVisible("--token", instead: "--token-file or $VDXP_ACCOUNT_TOKEN")
            token = given
        } else {
            token = ProcessInfo.processInfo.environment["VDXP_ACCOUNT_TOKEN"]
        }
        return token?.isEmpty == false ? token : nil
    }

    /// A password: from the file `file` (`-`: standard input), else from `given` — an option on the command line,
    /// with a warning — else from the environment variable `variable`, else typed on standard input (not echoed on a
    /// terminal).
    static func password(
        _ given: String?, option: String, file: String?, fileOption: String, variable: String, prompt: String
    ) throws -> String {
        if let file { return try Secret.read(file: file, prompt: prompt) }
        if let given {
            Secret.warnVisible(option, instead: "\(fileOption) or $\(variable)")
            return given
        }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        guard let line = try Secret.readLine(prompt: prompt), !line.isEmpty else {
            throw CLIError(
                "no \(prompt): give \(fileOption) FILE, set \(variable), or type it on standard input")
        }
        return line
    }

    static func role(_ text: String) throws -> Vdxp_Central_V1_AccountRole {
        switch text.lowercased() {
        case "member_admin", "admin": .memberAdmin
        case "member_user", "user": .memberUser
        case "auditor": .auditor
        default: throw CLIError("unknown role \(text): use member_admin, member_user or auditor")
        }
    }

    static func word(_ role: Vdxp_Central_V1_AccountRole) -> String {
        switch role {
        case .memberAdmin: "member_admin"
        case .memberUser: "member_user"
        case .auditor: "auditor"
        default: "\(role)"
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account (the operator: any member; a member admin: its own).")
        @OptionGroup var caller: Caller
        @Argument var username: String
        @Option(help: "The member organisation id.") var member: String
        @Option(help: "The person's name.") var name: String
        @Option(help: "E-mail for notifications.") var email: String
        @Option(help: "Phone for SMS notifications.") var phone: String
        @Option(help: "member_admin, member_user or auditor (repeat for several).") var role: [String]
        @Option(help: "The first password; visible in `ps`: prefer --password-file.") var password: String?
        @Option(
            help: "A file holding the first password (`-`: standard input; default: $VDXP_ACCOUNT_PASSWORD or typed).")
        var passwordFile: String?
        func run() async throws {
            let roles = try role.map(Account.role)
            let password = try Account.password(
                self.password, option: "--password", file: passwordFile, fileOption: "--password-file",
                variable: "VDXP_ACCOUNT_PASSWORD", prompt: "password for \(username)")
            let (username, member, name, email, phone) = (username, self.member, self.name, self.email, self.phone)
            try caller.print(
                try await caller.call {
                    try await $0.createAccount(
                        .with {
                            $0.account = .with {
                                $0.username = username
                                $0.organisationID = member
                                $0.displayName = name
                                $0.email = email
                                $0.phone = phone
                                $0.roles = roles
                            }
                            $0.password = password
                        })
                })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts, by username.")
        @OptionGroup var caller: Caller
        @Option(help: "Only this member's accounts.") var member = ""
        @Option(help: "active or locked.") var state: String?
        func run() async throws {
            let stateValue: Vdxp_Central_V1_AccountState
            switch state {
            case nil: stateValue = .unspecified
            case "active": stateValue = .active
            case "locked": stateValue = .locked
            default: throw CLIError("--state must be active or locked")
            }
            let member = self.member
            let accounts = try await caller.call { central in
                try await everyPage(
                    { token in
                        try await central.listAccounts(
                            .with {
                                $0.organisationID = member
                                $0.state = stateValue
                                $0.pageSize = 1000
                                $0.pageToken = token
                            })
                    }, items: \.accounts, next: \.nextPageToken)
            }
            let response = Vdxp_Central_V1_ListAccountsResponse.with { $0.accounts = accounts }
            if caller.options.json { return try printJSON(response) }
            for account in response.accounts { print(Caller.line(account)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one account (by id or username).")
        @OptionGroup var caller: Caller
        @Argument var account: String
        func run() async throws {
            let id = try await caller.accountID(account)
            try caller.print(try await caller.call { try await $0.getAccount(.with { $0.accountID = id }) })
        }
    }

    struct Roles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an account's roles.")
        @OptionGroup var caller: Caller
        @Argument var account: String
        @Option(help: "member_admin, member_user or auditor (repeat for several).") var role: [String]
        @Option(help: "Why, for the audit log.") var reason = ""
        func run() async throws {
            let (roles, reason) = (try role.map(Account.role), self.reason)
            let id = try await caller.accountID(account)
            try caller.print(
                try await caller.call {
                    try await $0.setAccountRoles(
                        .with {
                            $0.accountID = id
                            $0.roles = roles
                            $0.reason = reason
                        })
                })
        }
    }

    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lock an account at once (e.g. lost credentials).")
        @OptionGroup var caller: Caller
        @Argument var account: String
        @Option(help: "Why.") var reason: String
        @Flag(help: "An administrative lock (the person left, an incident) rather than one requested.")
        var administrative = false
        func run() async throws {
            let (reason, kind): (String, Vdxp_Central_V1_LockKind) = (
                reason, administrative ? .administrative : .requested
            )
            let id = try await caller.accountID(account)
            try caller.print(
                try await caller.call {
                    try await $0.lockAccount(
                        .with {
                            $0.accountID = id
                            $0.reason = reason
                            $0.kind = kind
                        })
                })
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock an account.")
        @OptionGroup var caller: Caller
        @Argument var account: String
        @Option(help: "Why.") var reason: String
        func run() async throws {
            let reason = self.reason
            let id = try await caller.accountID(account)
            try caller.print(
                try await caller.call {
                    try await $0.unlockAccount(
                        .with {
                            $0.accountID = id
                            $0.reason = reason
                        })
                })
        }
    }

    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign in; prints the token (use: export VDXP_ACCOUNT_TOKEN=$(vdxp account login …)).")
        @OptionGroup var caller: Caller
        @Argument var username: String
        @Option(help: "The password; visible in `ps`: prefer --password-file.") var password: String?
        @Option(help: "A file holding the password (`-`: standard input; default: $VDXP_ACCOUNT_PASSWORD or typed).")
        var passwordFile: String?
        func run() async throws {
            let password = try Account.password(
                self.password, option: "--password", file: passwordFile, fileOption: "--password-file",
                variable: "VDXP_ACCOUNT_PASSWORD", prompt: "password for \(username)")
            let username = self.username
            let response = try await caller.call {
                try await $0.login(
                    .with {
                        $0.username = username
                        $0.password = password
                    })
            }
            if caller.options.json { return try printJSON(response) }
            print(response.token)
            FileHandle.standardError.write(Data("valid until \(response.expireTime.vietnamTime)\n".utf8))
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change your password (with --current), or reset another account's as its administrator.")
        @OptionGroup var caller: Caller
        @Argument var account: String
        @Option(help: "Your current password (when changing your own); visible in `ps`: prefer --current-file.")
        var current: String?
        @Option(help: "A file holding your current password (`-`: standard input, read before the new one).")
        var currentFile: String?
        @Option(help: "The new password; visible in `ps`: prefer --new-file.") var new: String?
        @Option(
            help: "A file holding the new password (`-`: standard input; default: $VDXP_ACCOUNT_NEW_PASSWORD or typed)."
        )
        var newFile: String?
        func run() async throws {
            // Current first: with both from standard input, the current password is the first line.
            var current = ""
            if let currentFile {
                current = try Secret.read(file: currentFile, prompt: "current password")
            } else if let given = self.current {
                Secret.warnVisible("--current", instead: "--current-file")
                current = given
            }
            // Not $VDXP_ACCOUNT_PASSWORD: that is the current password `login` signs in with.
            let newPassword = try Account.password(
                new, option: "--new", file: newFile, fileOption: "--new-file", variable: "VDXP_ACCOUNT_NEW_PASSWORD",
                prompt: "new password")
            let id = try await caller.accountID(account)
            try caller.print(
                try await caller.call { [current] in
                    try await $0.changePassword(
                        .with {
                            $0.accountID = id
                            $0.currentPassword = current
                            $0.newPassword = newPassword
                        })
                })
        }
    }
}
