import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import VDXPClient
import VDXPProto
import VDXPRuntime

/// Runs `body` with a Monitoring client as the member `member` (its dev certificates), or as the operator; its calls
/// bounded by `--timeout`, or by nothing when `streaming` (a watch that runs until interrupted).
func monitoring<Result: Sendable>(
    _ options: ClusterOptions, as member: String?, streaming: Bool = false,
    _ body:
        @Sendable @escaping (Vdxp_Monitoring_V1_MonitoringService.Client<HTTP2ClientTransport.Posix>)
        async throws -> Result
) async throws -> Result {
    let cluster = try streaming ? options.loadWithoutDeadline() : options.load()
    let client =
        try member.map { try cluster.memberClient("monitoring", as: $0) } ?? cluster.operatorClient("monitoring")
    return try await client.monitoring(body)
}

/// `vdxp monitor connections|connection|history|heartbeat|components|incidents|statistics`: members' connections and
/// their history, the platform's components and the operational statistics as Monitoring sees them (Art. 4.1.g, 9.2).
/// The operator's view; a member's with `--as` where Monitoring allows it.
struct Monitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Members' connections and the platform's components (Monitoring).",
        subcommands: [
            Connections.self, Connection.self, History.self, Heartbeat.self, Components.self, Incidents.self,
            Statistics.self,
        ])

    struct Components: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The platform's components and their last probes.")
        @OptionGroup var options: ClusterOptions

        func run() async throws {
            let response = try await monitoring(options, as: nil) { try await $0.listComponents(.init()) }
            if options.json { return try printJSON(response) }
            if response.components.isEmpty { print("no components probed yet") }
            for component in response.components {
                let probed =
                    component.hasLastProbeTime ? "last probe \(component.lastProbeTime.vietnamTime)" : "not probed yet"
                let incident = component.openIncidentID > 0 ? "  incident \(component.openIncidentID) OPEN" : ""
                print(
                    "\(component.name)  \(component.target)  \(component.state) since \(component.stateSince.vietnamTime)  "
                        + "\(probed)\(incident)")
                if !component.detail.isEmpty { print("    \(component.detail)") }
            }
        }
    }

    struct Incidents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Incidents, newest first.")
        @OptionGroup var options: ClusterOptions
        @Flag(help: "Only incidents still open.") var open = false

        func run() async throws {
            let response = try await monitoring(options, as: nil) {
                [open] in try await $0.listIncidents(.with { $0.openOnly = open })
            }
            if options.json { return try printJSON(response) }
            if response.incidents.isEmpty { print(open ? "no open incidents" : "no incidents") }
            for incident in response.incidents {
                let closed = incident.hasCloseTime ? "closed \(incident.closeTime.vietnamTime)" : "OPEN"
                print(
                    "\(incident.incidentID)  \(incident.component)  opened \(incident.openTime.vietnamTime)  \(closed)")
                print("    \(incident.description_p)")
            }
        }
    }
}

extension Monitor {
    struct Statistics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Operations per kind over a window: counts, failures, latency percentiles (Art. 4.1.g).")
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("Ask as this member, about itself (its dev certificates).", valueName: "organisation-id")
        )
        var member: String?
        @Option(help: ArgumentHelp("One member's statistics; empty for the platform (operator).", valueName: "id"))
        var organisation = ""
        @Option(help: "The window, in minutes back from now (1 to 44640).") var minutes: Int64 = 60

        func validate() throws {
            guard (1...44_640).contains(minutes) else {
                throw ValidationError(
                    "--minutes must be between 1 and 44640 (31 days), got \(minutes)")
            }
        }

        func run() async throws {
            let request = Vdxp_Monitoring_V1_GetOperationalStatisticsRequest.with {
                $0.organisationID = organisation.isEmpty ? (member ?? "") : organisation
                $0.window = .init(seconds: minutes * 60)
            }
            let statistics = try await monitoring(options, as: member) {
                try await $0.getOperationalStatistics(request)
            }
            if options.json { return try printJSON(statistics) }
            let who = statistics.organisationID.isEmpty ? "the platform" : statistics.organisationID
            print("\(who) from \(statistics.startTime.vietnamTime) to \(statistics.endTime.vietnamTime)")
            for operation in statistics.operations {
                var line = "  \(operation.operation)  \(operation.count)  failed \(operation.failureCount)"
                if operation.hasLatencyP50 {
                    let (p50, p95, p99) = (
                        operation.latencyP50.timeInterval, operation.latencyP95.timeInterval,
                        operation.latencyP99.timeInterval
                    )
                    line += String(format: "  latency p50 %.1f s, p95 %.1f s, p99 %.1f s", p50, p95, p99)
                }
                print(line)
            }
        }
    }
}

/// `vdxp alerts list|ack|watch`: alerts and their notifications (Art. 19) — a member's inbox with `--as`, every alert for
/// the operator.
struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Alerts and the e-mails and SMS that carried them (Monitoring).",
        subcommands: [List.self, Acknowledge.self, Watch.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Alerts, newest first, with their notifications.")
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("Read this member's inbox (its dev certificates).", valueName: "organisation-id"))
        var member: String?
        @Option(
            help: ArgumentHelp(
                "The operator: only alerts about this member (not the platform-wide ones).", valueName: "id"))
        var organisation = ""
        @Flag(help: "Only alerts not yet acknowledged.") var unacknowledged = false
        @Option(help: "At most this many alerts, the newest (1 to 10000); standard error says when older ones remain.")
        var limit = 20
        @Option(help: "Alerts asked for per call (1 to 100).") var pageSize: Int32 = 100

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be 1 to 10000") }
            guard (1...100).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 100") }
            guard organisation.isEmpty || member == nil else {
                throw ValidationError("--organisation is the operator's filter; with --as you read your own inbox")
            }
        }

        func run() async throws {
            let (organisation, size) = (self.organisation, min(Int32(limit + 1), pageSize))
            let (alerts, more) = try await monitoring(options, as: member) { [unacknowledged, limit] client in
                try await firstItems(limit) { token in
                    let page = try await client.listAlerts(
                        .with {
                            $0.organisationID = organisation
                            $0.unacknowledgedOnly = unacknowledged
                            $0.pageSize = size
                            $0.pageToken = token
                        })
                    return (page.alerts, page.nextPageToken)
                }
            }
            if more { ListLimit.sayCut(at: limit) }
            let response = Vdxp_Monitoring_V1_ListAlertsResponse.with { $0.alerts = alerts }
            if options.json { return try printJSON(response) }
            if response.alerts.isEmpty { print(unacknowledged ? "no unacknowledged alerts" : "no alerts") }
            for alert in response.alerts {
                let who = alert.organisationID.isEmpty ? "platform" : alert.organisationID
                let about = [
                    alert.component, alert.serviceID > 0 ? "service \(alert.serviceID)" : "", alert.documentID,
                    alert.reference,
                ].filter { !$0.isEmpty }.joined(separator: ", ")
                let acknowledged = alert.hasAcknowledgeTime ? "  acknowledged by \(alert.acknowledgedBy)" : ""
                print(
                    "\(alert.alertID)  \(alert.raiseTime.vietnamTime)  \(alert.kind)  \(alert.severity)  \(who)"
                        + (about.isEmpty ? "" : "  (\(about))") + acknowledged)
                print("    \(alert.summary)")
                for notification in alert.notifications {
                    let last = notification.attempts.last.map { " — \($0.outcome)" } ?? ""
                    print("    \(notification.channel) \(notification.address): \(notification.state)\(last)")
                }
            }
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack", abstract: "Acknowledge an alert (the operator).")
        @OptionGroup var options: ClusterOptions
        @Argument(help: "The alert id.") var alertID: Int64

        func run() async throws {
            let alert = try await monitoring(options, as: nil) {
                [alertID] in try await $0.acknowledgeAlert(.with { $0.alertID = alertID })
            }
            if options.json { return try printJSON(alert) }
            print(
                "alert \(alert.alertID) acknowledged by \(alert.acknowledgedBy) at \(alert.acknowledgeTime.vietnamTime)"
            )
        }
    }

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print alerts as they are raised (WatchAlerts), until interrupted; reconnects and resumes.")
        @OptionGroup var options: ClusterOptions
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("Watch this member's inbox (its dev certificates).", valueName: "organisation-id"))
        var member: String?
        @Option(help: "Start after this alert id (0: only alerts raised from now on).") var after: Int64 = 0

        func run() async throws {
            var last = after
            while true {
                do {
                    last = try await monitoring(options, as: member, streaming: true) {
                        [last, json = options.json] client in
                        try await client.watchAlerts(.with { $0.afterAlertID = last }) { response in
                            var seen = last
                            for try await alert in response.messages {
                                if json {
                                    try printJSON(alert)
                                } else {
                                    let who = alert.organisationID.isEmpty ? "platform" : alert.organisationID
                                    print("\(alert.alertID)  \(alert.raiseTime.vietnamTime)  \(alert.kind)  \(who)")
                                    print("    \(alert.summary)")
                                }
                                seen = alert.alertID
                            }
                            return seen
                        }
                    }
                } catch let error as RPCError where error.code == .unavailable || error.code == .deadlineExceeded {
                    FileHandle.standardError.write(Data("stream ended (\(error.code)); reconnecting\n".utf8))
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
