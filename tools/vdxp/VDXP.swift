import ArgumentParser
import SwiftProtobuf

/// `vdxp`: the command-line tool for operators, agencies and developers.
@main
struct VDXP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vdxp",
        abstract: "VDXP — the National Document Exchange Platform: local cluster, members, documents.",
        discussion: """
            Commands that talk to the platform read addresses and certificates from .vdxp/dev/cluster.json
            (written by `vdxp dev up`) unless --cluster names another file.
            """,
        subcommands: [
            Dev.self, PKI.self, Bench.self, Send.self, Inbox.self, Ack.self, Status.self, Documents.self, Org.self,
            ServiceRegistry.self, Account.self, Monitor.self, Alerts.self, Mail.self, TicketCommand.self,
            ReportCommand.self,
            SeedDocuments.self,
            SearchCommand.self, TraceCommand.self,
            AuditCommand.self,
            CrashLoad.self,
        ]
    )
}
