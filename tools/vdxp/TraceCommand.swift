import ArgumentParser
import Foundation
import SwiftProtobuf
import VDXPClient
import VDXPProto

/// `vdxp trace DOCUMENT_ID`: "where is this document, who has it and what happened to it?" — the document as Search
/// indexed it, each recipient's progress and every journal event about it, oldest first.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace a document: each recipient's progress and every journal event about it (Search).",
        discussion: """
            The caller sees what Search lets it see: the operator and auditor:<name> every document, a dev member
            (--as) only the documents it sent or received — another's is NOT_FOUND, as if it did not exist.
            """)
    @OptionGroup var options: ClusterOptions
    @Argument(help: "The document id, e.g. '000.00.00.G22,2026,7816/VPCP-TTĐT'.") var documentID: String
    @Option(
        name: .customLong("as"),
        help: "Trace as this dev member, or as auditor:<name> (default: the operator).")
    var caller: String?

    func run() async throws {
        let client = try options.load().client("search", as: caller)
        let trace = try await client.search {
            try await $0.traceDocument(.with { $0.documentID = documentID })
        }
        if options.json { return try printJSON(trace) }
        let document = trace.document
        print("\(document.documentID)  \(document.subject)")
        print("  from \(document.sender.organisationID) \(document.sender.name), sent \(Self.time(document.sendTime))")
        for recipient in document.recipients {
            print(
                "  to \(recipient.organisationID): \(recipient.deliveryState), status \(recipient.status)"
                    + (recipient.hasStatusTime ? " since \(Self.time(recipient.statusTime))" : ""))
        }
        print("\(trace.events.count) events")
        for event in trace.events {
            print(
                "  #\(event.sequence)  \(Self.time(event.eventTime))  \(event.type)  \(event.description_p)  "
                    + "[\(event.entryHash.prefix(12))…]")
        }
    }

    /// An instant in Vietnam time, to the second (``VietnamTime/format(_:)``).
    static func time(_ timestamp: Google_Protobuf_Timestamp) -> String { timestamp.vietnamTime }
}
