import ArgumentParser
import Foundation
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

    /// Parses the arguments and runs the command; a failure goes through ``CommandFailure``: a message a person can
    /// act on, on standard error, and the exit status of its kind (``ExitStatus``).
    static func main() async {
        let parsed: any ParsableCommand
        do { parsed = try await asyncParseAsRoot() } catch { exit(withError: error) }
        do {
            if var command = parsed as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = parsed
                try command.run()
            }
        } catch {
            guard let failure = CommandFailure.from(error) else { exit(withError: error) }
            failure.report()
            Foundation.exit(failure.status.rawValue)
        }
    }
}
