import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import VDXPClient
import VDXPProto
import VDXPRuntime

/// `vdxp ticket …`: the operator's support desk (Art. 18): tickets, maintenance windows and notices. Acts as the
/// operator, or through a member's connection (`--as`), optionally as a person signed in (`--token` or
/// `VDXP_ACCOUNT_TOKEN`).
///
/// ```sh
/// vdxp ticket open --as 000.00.00.G22 --category provided_service --subject "Không nhận được văn bản" \
///     --description "Từ 8 giờ sáng nay…"
/// vdxp ticket state TK-2026-000001 acknowledged
/// vdxp ticket maintenance announce --title "Nâng cấp CSDL" --description "…" \
///     --start 2026-11-20T22:00:00+07:00 --end 2026-11-21T02:00:00+07:00
/// ```
struct TicketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Support tickets, maintenance windows and operator notices (Art. 18).",
        subcommands: [
            Open.self, List.self, Show.self, Events.self, Comment.self, State.self, Assign.self, Priority.self,
            Attach.self, Figures.self, Lost.self, Maintenance.self, Notice.self,
        ])

    /// Who calls: the cluster, the certificate, the token.
    struct Caller: ParsableArguments {
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: "Call through this member's connection certificate (default: the operator's).")
        var member: String?
        @Option(
            help: ArgumentHelp(
                "An account token from `vdxp account login`; visible in `ps`: prefer --token-file or "
                    + "$VDXP_ACCOUNT_TOKEN."))
        var token: String?
        @Option(help: "A file holding the account token (`-`: standard input).") var tokenFile: String?

        func validate() throws {
            // A token is a person's, signed in through a member's connection: through the operator's it was dropped.
            guard member == nil, token != nil || tokenFile != nil else { return }
            throw ValidationError(
                "--token and --token-file act as the person signed in through a member's connection: "
                    + "add --as <organisation-id> (the member the account belongs to), or leave the token out "
                    + "to act as the operator")
        }

        func call<Result: Sendable>(
            _ body:
                @Sendable @escaping (Vdxp_Ticket_V1_TicketService.Client<HTTP2ClientTransport.Posix>) async throws ->
                Result
        ) async throws -> Result {
            let cluster = try options.load()
            let client =
                try member.map { try cluster.memberClient("ticket", as: $0) } ?? cluster.operatorClient("ticket")
            let token = try Account.token(given: self.token, file: tokenFile)
            return try await client.ticket(bearerToken: member != nil ? token : nil, body)
        }

        func print(_ ticket: Vdxp_Ticket_V1_Ticket) throws {
            try print(ticket, TicketCommand.line(ticket))
        }

        /// Prints `message` as JSON with `--json`, else `text` for people.
        func print(_ message: some SwiftProtobuf.Message, _ text: @autoclosure () -> String) throws {
            if options.json { return try printJSON(message) }
            Swift.print(text())
        }
    }

    static func line(_ ticket: Vdxp_Ticket_V1_Ticket) -> String {
        let member = ticket.organisationID.isEmpty ? "(platform)" : ticket.organisationID
        return "\(ticket.ticketID)  \(member)  \(name(ticket.state))  \(name(ticket.category))  "
            + "\(name(ticket.priority))  sla \(name(ticket.sla.state)) due \(ticket.sla.dueTime.vietnamTime)  \(ticket.subject)"
    }

    /// One history event as a line: `3  2026-11-20T08:00:00+07:00  commented  hotro.nguyen  Đã tiếp nhận`.
    static func line(_ event: Vdxp_Ticket_V1_TicketEvent) -> String {
        "\(event.sequence)  \(event.eventTime.vietnamTime)  \(name(event.kind))  "
            + "\(event.actor.name)\(event.`internal` ? "  (internal)" : "")  \(event.text)"
    }

    /// A maintenance window as a line: its id, state, times (Vietnam time), the components that stop and its title.
    static func line(_ window: Vdxp_Ticket_V1_MaintenanceWindow) -> String {
        let components = window.components.isEmpty ? "all" : window.components.joined(separator: ",")
        return "\(window.windowID)  \(name(window.state))  \(window.startTime.vietnamTime) → "
            + "\(window.endTime.vietnamTime)  [\(components)]  \(window.title)"
            + (window.cancelReason.isEmpty ? "" : "  (called off: \(window.cancelReason))")
    }

    /// An operator notice as a line: its id, kind, addressee, issue time and subject, and who acknowledged it.
    static func line(_ notice: Vdxp_Ticket_V1_OperatorNotice) -> String {
        let to = notice.organisationID.isEmpty ? "all members" : notice.organisationID
        return "\(notice.noticeID)  \(name(notice.kind))  \(to)  \(notice.issueTime.vietnamTime)  \(notice.subject)"
            + (notice.hasAcknowledgedBy ? "  (acknowledged by \(notice.acknowledgedBy.name))" : "")
    }

    /// An attachment as a line: `attachment 2  server.log  text/plain  1234 bytes  sha256 …`.
    static func line(_ attachment: Vdxp_Ticket_V1_TicketAttachment) -> String {
        let digest = attachment.sha256.map { String(format: "%02x", $0) }.joined()
        return "attachment \(attachment.attachmentID)  \(attachment.fileName)  \(attachment.mediaType)  "
            + "\(attachment.sizeBytes) bytes  sha256 \(digest)  added by \(attachment.addedBy.name)"
    }

    /// The SLA figures as a table, one row per member and category; times as hours and minutes.
    static func table(_ figures: Vdxp_Ticket_V1_SlaFigures) -> String {
        func hours(_ duration: Google_Protobuf_Duration) -> String {
            let minutes = duration.seconds / 60
            return "\(minutes / 60)h\(String(format: "%02d", minutes % 60))m"
        }
        var lines = ["member  category  received  met  breached  open  median  p90"]
        for member in figures.members {
            for row in member.categories {
                lines.append(
                    "\(member.organisationID.isEmpty ? "(platform)" : member.organisationID)  \(name(row.category))  "
                        + "\(row.received)  \(row.met)  \(row.breached)  \(row.open)  "
                        + "\(hours(row.medianTimeToMilestone))  \(hours(row.p90TimeToMilestone))")
            }
        }
        return lines.count == 1 ? "no tickets received in the period" : lines.joined(separator: "\n")
    }

    /// The lower-case name of an enum case without its prefix, e.g. `waiting_for_member`.
    static func name(_ value: some SwiftProtobuf.Enum) -> String {
        let text = "\(value)"
        return text.unicodeScalars.reduce(into: "") { result, scalar in
            if CharacterSet.uppercaseLetters.contains(scalar) {
                result += "_" + String(scalar).lowercased()
            } else if scalar != "." {
                result.unicodeScalars.append(scalar)
            }
        }
    }

    /// The case of `E` whose ``name(_:)`` is `text`.
    static func parse<E: SwiftProtobuf.Enum & CaseIterable>(_ text: String, as type: E.Type) throws -> E {
        let wanted = text.lowercased()
        guard let value = E.allCases.first(where: { name($0) == wanted && $0.rawValue != 0 }) else {
            let known = E.allCases.filter { $0.rawValue != 0 }.map(name).joined(separator: ", ")
            throw CLIError("unknown value \(text): use one of \(known)")
        }
        return value
    }

    /// An ISO 8601 time (`2026-11-20T22:00:00+07:00`), or a day (`2026-11-20`: its start, Vietnam time).
    static func timestamp(_ text: String) throws -> Google_Protobuf_Timestamp {
        if let date = ISO8601DateFormatter().date(from: text) { return Google_Protobuf_Timestamp(date: date) }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        day.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        if let date = day.date(from: text) { return Google_Protobuf_Timestamp(date: date) }
        throw CLIError(
            "\(text) is not an ISO 8601 time such as 2026-11-20T22:00:00+07:00, or a day such as 2026-11-20")
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a ticket (a member through the API; the operator from the hotline or e-mail).")
        @OptionGroup var caller: Caller
        @Option(help: "provided_service, connection, account or other.") var category: String
        @Option(help: "low, normal, high or urgent.") var priority = "normal"
        @Option(help: "The operator only: hotline or email.") var channel: String?
        @Option(help: "The operator only: the member the ticket is for.") var member: String = ""
        @Option(help: "The operator only: who called or wrote.") var reportedBy = ""
        @Option(help: "The operator only: when the call or e-mail came in (ISO 8601).") var received: String?
        @Option(help: "A one-line summary.") var subject: String
        @Option(help: "What happened.") var description: String
        @OptionGroup var requestKey: RequestKey
        func run() async throws {
            let requestID = requestKey.key()
            let category = try TicketCommand.parse(self.category, as: Vdxp_Ticket_V1_TicketCategory.self)
            let priority = try TicketCommand.parse(self.priority, as: Vdxp_Ticket_V1_TicketPriority.self)
            let channel = try channel.map { try TicketCommand.parse($0, as: Vdxp_Ticket_V1_IntakeChannel.self) }
            let received = try self.received.map(TicketCommand.timestamp)
            let (member, reportedBy, subject, description) = (member, reportedBy, subject, description)
            try caller.print(
                try await caller.call {
                    try await $0.openTicket(
                        .with {
                            $0.organisationID = member
                            $0.category = category
                            $0.priority = priority
                            if let channel { $0.channel = channel }
                            $0.reportedBy = reportedBy
                            if let received { $0.receiveTime = received }
                            $0.subject = subject
                            $0.description_p = description
                            $0.requestID = requestID
                        })
                })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tickets, most recent first.")
        @OptionGroup var caller: Caller
        @Option(help: "The operator only: one member's tickets.") var member = ""
        @Option(help: "Only this state (repeat for several).") var state: [String] = []
        @Option(help: "The operator only: only this assignee (`-` for unassigned).") var assignee = ""
        @Flag(help: "Only tickets whose clock is breached.") var breached = false
        @OptionGroup var limit: ListLimit
        func run() async throws {
            let states = try state.map { try TicketCommand.parse($0, as: Vdxp_Ticket_V1_TicketState.self) }
            let (member, assignee, breached, limit) = (member, assignee, breached, limit.limit)
            let (tickets, more) = try await caller.call { client in
                try await firstItems(limit) { token in
                    let page = try await client.listTickets(
                        .with {
                            $0.organisationID = member
                            $0.states = states
                            $0.assignee = assignee
                            $0.breachedOnly = breached
                            $0.pageSize = 100
                            $0.pageToken = token
                        })
                    return (page.tickets, page.nextPageToken)
                }
            }
            self.limit.sayCut(more)
            let response = Vdxp_Ticket_V1_ListTicketsResponse.with { $0.tickets = tickets }
            if caller.options.json { return try printJSON(response) }
            for ticket in response.tickets { print(TicketCommand.line(ticket)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one ticket.")
        @OptionGroup var caller: Caller
        @Argument var ticketID: String
        func run() async throws {
            let ticketID = ticketID
            try caller.print(try await caller.call { try await $0.getTicket(.with { $0.ticketID = ticketID }) })
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a ticket's history, oldest first.")
        @OptionGroup var caller: Caller
        @Argument var ticketID: String
        @OptionGroup var limit: ListLimit
        func run() async throws {
            let (ticketID, limit) = (ticketID, limit.limit)
            let (events, more) = try await caller.call { client in
                try await firstItems(limit) { token in
                    let page = try await client.listTicketEvents(
                        .with {
                            $0.ticketID = ticketID
                            $0.pageSize = 500
                            $0.pageToken = token
                        })
                    return (page.events, page.nextPageToken)
                }
            }
            self.limit.sayCut(more)
            let response = Vdxp_Ticket_V1_ListTicketEventsResponse.with { $0.events = events }
            if caller.options.json { return try printJSON(response) }
            for event in response.events { print(TicketCommand.line(event)) }
        }
    }

    struct Comment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Comment on a ticket.")
        @OptionGroup var caller: Caller
        @Argument var ticketID: String
        @Argument var text: String
        @Flag(help: "The operator only: an internal note the member never sees.") var `internal` = false
        @OptionGroup var requestKey: RequestKey
        func run() async throws {
            let (ticketID, text, isInternal, requestID) = (ticketID, text, `internal`, requestKey.key())
            let event = try await caller.call {
                try await $0.commentOnTicket(
                    .with {
                        $0.ticketID = ticketID
                        $0.text = text
                        $0.`internal` = isInternal
                        $0.requestID = requestID
                    })
            }
            try caller.print(event, TicketCommand.line(event))
        }
    }

    struct State: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a ticket: acknowledged, in_progress, waiting_for_member, resolved, closed.")
        @OptionGroup var caller: Caller
        @Argument var ticketID: String
        @Argument var state: String
        @Option(help: "How it was solved (resolved), why (reopen), or a note.") var text = ""
        @OptionGroup var requestKey: RequestKey
        func run() async throws {
            let state = try TicketCommand.parse(self.state, as: Vdxp_Ticket_V1_TicketState.self)
            let (ticketID, text, requestID) = (ticketID, text, requestKey.key())
            try caller.print(
                try await caller.call {
                    try await $0.changeTicketState(
                        .with {
                            $0.ticketID = ticketID
                            $0.state = state
                            $0.text = text
                            $0.requestID = requestID
                        })
                })
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign a ticket (empty to unassign).")
        @OptionGroup var caller: Caller
        @Argument var ticketID: String
        @Argument var assignee: String = ""
        func run() async throws {
            let (ticketID, assignee) = (ticketID, assignee)
            try caller.print(
                try await caller.call {
                    try await $0.assignTicket(
                        .with {
                            $0.ticketID = ticketID
                            $0.assignee = assignee
                        })
                })
        }
    }

    struct Priority: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a ticket's priority.")
        @OptionGroup var caller: Caller
        @Argument var ticketID: String
        @Argument var priority: String
        func run() async throws {
            let priority = try TicketCommand.parse(self.priority, as: Vdxp_Ticket_V1_TicketPriority.self)
            let ticketID = ticketID
            try caller.print(
                try await caller.call {
                    try await $0.setTicketPriority(
                        .with {
                            $0.ticketID = ticketID
                            $0.priority = priority
                        })
                })
        }
    }

    struct Attach: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Attach a file to a ticket.")
        @OptionGroup var caller: Caller
        @Argument var ticketID: String
        @Argument var file: String
        @Option(help: "The media type.") var mediaType = "application/octet-stream"
        @OptionGroup var requestKey: RequestKey
        func run() async throws {
            let content = try Data(contentsOf: URL(fileURLWithPath: file))
            let requestID = requestKey.key()
            let (ticketID, name, mediaType) = (ticketID, URL(fileURLWithPath: file).lastPathComponent, mediaType)
            let attachment = try await caller.call {
                try await $0.addAttachment(
                    .with {
                        $0.ticketID = ticketID
                        $0.fileName = name
                        $0.mediaType = mediaType
                        $0.content = content
                        $0.requestID = requestID
                    })
            }
            try caller.print(attachment, TicketCommand.line(attachment))
        }
    }

    struct Figures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "SLA figures per member and category.")
        @OptionGroup var caller: Caller
        @Option(help: "One member (default: all, the operator only).") var member = ""
        @Option(help: "Tickets received from (ISO 8601).") var from: String
        @Option(help: "Tickets received before (ISO 8601).") var to: String
        func run() async throws {
            let (start, end, member) = (try TicketCommand.timestamp(from), try TicketCommand.timestamp(to), member)
            let figures = try await caller.call {
                try await $0.getSlaFigures(
                    .with {
                        $0.organisationID = member
                        $0.startTime = start
                        $0.endTime = end
                    })
            }
            try caller.print(figures, TicketCommand.table(figures))
        }
    }

    struct Lost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report an account's credentials lost or stolen (Art. 16.5): ticket, notice, lock in Central.")
        @OptionGroup var caller: Caller
        @Argument var username: String
        @Option(help: "The operator only: the account's member.") var member = ""
        @Option(help: "What happened.") var description: String
        func run() async throws {
            let (username, member, description) = (username, member, description)
            let reported = try await caller.call {
                try await $0.reportLostCredential(
                    .with {
                        $0.organisationID = member
                        $0.username = username
                        $0.description_p = description
                    })
            }
            try caller.print(
                reported,
                [
                    TicketCommand.line(reported.ticket),
                    "notice \(reported.notice.noticeID) sent to \(reported.notice.organisationID)",
                    reported.accountLocked
                        ? "\(username) is locked in Central" : "\(username) is NOT locked in Central: lock it there",
                ].joined(separator: "\n"))
        }
    }

    struct Maintenance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Planned maintenance windows (Art. 18.2.b: 5 working days ahead).",
            subcommands: [Announce.self, ListWindows.self, Cancel.self])

        struct Announce: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Announce a window to every member.")
            @OptionGroup var caller: Caller
            @Option var title: String
            @Option var description: String
            @Option(help: "ISO 8601 start.") var start: String
            @Option(help: "ISO 8601 end.") var end: String
            @Option(help: "A component that stops (repeat); none for the whole platform.") var component: [String] = []
            @OptionGroup var requestKey: RequestKey
            func run() async throws {
                let (start, end) = (try TicketCommand.timestamp(start), try TicketCommand.timestamp(end))
                let requestID = requestKey.key()
                let (title, description, components) = (title, description, component)
                let window = try await caller.call {
                    try await $0.announceMaintenance(
                        .with {
                            $0.title = title
                            $0.description_p = description
                            $0.startTime = start
                            $0.endTime = end
                            $0.components = components
                            $0.requestID = requestID
                        })
                }
                try caller.print(window, TicketCommand.line(window))
            }
        }

        struct ListWindows: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List windows.")
            @OptionGroup var caller: Caller
            @Flag(help: "Also past and cancelled windows.") var all = false
            @OptionGroup var limit: ListLimit
            func run() async throws {
                let (all, limit) = (all, limit.limit)
                let (windows, more) = try await caller.call { client in
                    try await firstItems(limit) { token in
                        let page = try await client.listMaintenanceWindows(
                            .with {
                                $0.includePast = all
                                $0.pageSize = 100
                                $0.pageToken = token
                            })
                        return (page.windows, page.nextPageToken)
                    }
                }
                self.limit.sayCut(more)
                if caller.options.json {
                    return try printJSON(Vdxp_Ticket_V1_ListMaintenanceWindowsResponse.with { $0.windows = windows })
                }
                for window in windows { print(TicketCommand.line(window)) }
            }
        }

        struct Cancel: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Cancel a window before it begins.")
            @OptionGroup var caller: Caller
            @Argument var windowID: String
            @Option var reason: String
            func run() async throws {
                let (windowID, reason) = (windowID, reason)
                let window = try await caller.call {
                    try await $0.cancelMaintenance(
                        .with {
                            $0.windowID = windowID
                            $0.reason = reason
                        })
                }
                try caller.print(window, TicketCommand.line(window))
            }
        }
    }

    struct Notice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Operator notices (Art. 9.4, 17.3, 21.5).", subcommands: [Send.self, ListNotices.self, Ack.self])

        struct Send: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Send a notice to a member (or to all).")
            @OptionGroup var caller: Caller
            @Option(help: "remediation_demand, security_update or root_cause_follow_up.") var kind: String
            @Option(help: "The member; empty for all (security_update; root_cause_follow_up of a platform incident).")
            var member = ""
            @Option var subject: String
            @Option var body: String
            @Option(help: "By when (ISO 8601).") var due: String?
            @Option(help: "The ticket it belongs to (required for root_cause_follow_up: the incident's).")
            var ticket = ""
            @OptionGroup var requestKey: RequestKey
            func run() async throws {
                let kind = try TicketCommand.parse(self.kind, as: Vdxp_Ticket_V1_NoticeKind.self)
                let requestID = requestKey.key()
                let due = try self.due.map(TicketCommand.timestamp)
                let (member, subject, body, ticket) = (member, subject, body, ticket)
                let notice = try await caller.call {
                    try await $0.sendNotice(
                        .with {
                            $0.kind = kind
                            $0.organisationID = member
                            $0.subject = subject
                            $0.body = body
                            if let due { $0.dueTime = due }
                            $0.ticketID = ticket
                            $0.requestID = requestID
                        })
                }
                try caller.print(notice, TicketCommand.line(notice))
            }
        }

        struct ListNotices: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List notices.")
            @OptionGroup var caller: Caller
            @Flag(help: "Only those not yet acknowledged.") var pending = false
            @OptionGroup var limit: ListLimit
            func run() async throws {
                let (pending, limit) = (pending, limit.limit)
                let (notices, more) = try await caller.call { client in
                    try await firstItems(limit) { token in
                        let page = try await client.listNotices(
                            .with {
                                $0.unacknowledgedOnly = pending
                                $0.pageSize = 100
                                $0.pageToken = token
                            })
                        return (page.notices, page.nextPageToken)
                    }
                }
                self.limit.sayCut(more)
                if caller.options.json {
                    return try printJSON(Vdxp_Ticket_V1_ListNoticesResponse.with { $0.notices = notices })
                }
                for notice in notices { print(TicketCommand.line(notice)) }
            }
        }

        struct Ack: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Acknowledge a notice (a member).")
            @OptionGroup var caller: Caller
            @Argument var noticeID: String
            func run() async throws {
                let noticeID = noticeID
                let notice = try await caller.call {
                    try await $0.acknowledgeNotice(.with { $0.noticeID = noticeID })
                }
                try caller.print(notice, TicketCommand.line(notice))
            }
        }
    }
}
