import ArgumentParser
import Foundation
import SwiftProtobuf
import VDXPProto

/// `vdxp monitor connections|connection|history|heartbeat`: the members' connection states (Art. 9.2), one member's,
/// their changes over time, and a member system's heartbeat.
extension Monitor {
    /// One line for a member's connection.
    static func line(_ connection: Vdxp_Monitoring_V1_MemberConnection) -> String {
        let last = connection.hasLastActivityTime ? "\(connection.lastActivityTime.vietnamTime)" : "no activity yet"
        return
            "\(connection.organisationID)  \(connection.state)  since \(connection.stateSince.vietnamTime)  (\(last))"
    }

    struct Connections: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every member's connection state (the operator), every page of it.")
        @OptionGroup var options: ClusterOptions
        @Option(help: "Only members in this state: connected, degraded, disconnected or not_expected.")
        var state: String?
        @Option(help: "Members asked for per call (1 to 500); every page is read.") var pageSize: Int32 = 500

        func validate() throws {
            guard (1...500).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 500") }
        }

        func run() async throws {
            let state = try self.state.map { try TicketCommand.parse($0, as: Vdxp_Monitoring_V1_ConnectionState.self) }
            let connections = try await monitoring(options, as: nil) { [pageSize] client in
                try await everyPage(
                    { token in
                        try await client.listMemberConnections(
                            .with {
                                $0.state = state ?? .unspecified
                                $0.pageSize = pageSize
                                $0.pageToken = token
                            })
                    }, items: \.connections, next: \.nextPageToken)
            }
            if options.json {
                return try printJSON(
                    Vdxp_Monitoring_V1_ListMemberConnectionsResponse.with { $0.connections = connections })
            }
            if connections.isEmpty {
                print(
                    state == nil
                        ? "no member connections yet: Monitoring lists the members of the global configuration it holds"
                        : "no member is \(TicketCommand.name(state!))")
            }
            for connection in connections { print(Monitor.line(connection)) }
        }
    }

    struct Connection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One member's connection: its state, last activity and heartbeat, and its thresholds.")
        @OptionGroup var options: ClusterOptions
        @Argument(help: "The member's organisation id.") var organisationID: String
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("Ask as this member, about itself (its dev certificates).", valueName: "organisation-id")
        )
        var member: String?

        func run() async throws {
            let connection = try await monitoring(options, as: member) { [organisationID] in
                try await $0.getMemberConnection(.with { $0.organisationID = organisationID })
            }
            if options.json { return try printJSON(connection) }
            print(Monitor.line(connection))
            let heartbeat = connection.hasLastHeartbeatTime ? "\(connection.lastHeartbeatTime.vietnamTime)" : "none yet"
            print("    last heartbeat: \(heartbeat)\(connection.system.isEmpty ? "" : " from \(connection.system)")")
            print(
                "    degraded after \(Int(connection.degradedAfter.timeInterval)) s of silence, disconnected after "
                    + "\(Int(connection.disconnectedAfter.timeInterval)) s")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connection changes, oldest first: every member's (the operator) or one member's.")
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("Read this member's own history (its dev certificates).", valueName: "organisation-id"))
        var member: String?
        @Option(help: ArgumentHelp("One member's history (the operator).", valueName: "id")) var organisation = ""
        @Option(help: "From this time (ISO 8601, or a day such as 2026-11-20).") var from: String?
        @Option(help: "Before this time (ISO 8601, or a day).") var to: String?
        @Option(help: "At most this many changes (1 to 100000); standard error says when more remain.")
        var limit = 1000

        func validate() throws {
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be 1 to 100000") }
        }

        func run() async throws {
            let start = try from.map(TicketCommand.timestamp)
            let end = try to.map(TicketCommand.timestamp)
            let organisation = self.organisation.isEmpty ? (member ?? "") : self.organisation
            let (shown, more) = try await monitoring(options, as: member) { [limit] client in
                try await firstItems(limit) { token in
                    let page = try await client.listConnectionChanges(
                        .with {
                            $0.organisationID = organisation
                            if let start { $0.startTime = start }
                            if let end { $0.endTime = end }
                            $0.pageSize = Int32(min(limit + 1, 1000))
                            $0.pageToken = token
                        })
                    return (page.changes, page.nextPageToken)
                }
            }
            if more { ListLimit.sayCut(at: limit) }
            if options.json {
                return try printJSON(Vdxp_Monitoring_V1_ListConnectionChangesResponse.with { $0.changes = shown })
            }
            if shown.isEmpty { print("no connection changes") }
            for change in shown {
                print(
                    "\(change.changeID)  \(change.changeTime.vietnamTime)  \(change.organisationID)  "
                        + "\(change.previousState) -> \(change.state)"
                        + (change.reason.isEmpty ? "" : "  (\(change.reason))"))
            }
        }
    }

    struct Heartbeat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a member system's heartbeat (its dev certificates), so an idle member stays connected.")
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("The member whose system beats (its dev certificates).", valueName: "organisation-id"))
        var member: String
        @Option(help: "The system's name, kept with the heartbeat.") var system = "vdxp"

        func run() async throws {
            let answer = try await monitoring(options, as: member) { [system] in
                try await $0.heartbeat(.with { $0.system = system })
            }
            if options.json { return try printJSON(answer) }
            print(Monitor.line(answer.connection))
            print("    next heartbeat due within \(Int(answer.heartbeatInterval.timeInterval)) s")
        }
    }
}
