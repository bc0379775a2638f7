import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// Options shared by the commands that talk to a running platform.
/// The options every command that calls the platform takes: which cluster, how to print, how long a call may take.
struct ClusterOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The platform to call: the cluster file `vdxp dev up` writes, or a platform file naming a real platform's "
                + "addresses and your certificates (README). Default: $VDXP_CLUSTER, else .vdxp/dev/cluster.json.",
            valueName: "file"))
    var cluster = ClusterFile.defaultPath
    @Flag(help: "Print JSON for scripts instead of text for people.") var json = false
    @Option(
        help: ArgumentHelp(
            "How long each call to the platform may take, in seconds (1–86400); then it fails with exit status 3.",
            valueName: "seconds"))
    var timeout = 30

    func validate() throws {
        guard (1...86_400).contains(timeout) else {
            throw ValidationError("--timeout must be between 1 and 86400 seconds, got \(timeout)")
        }
    }

    /// The cluster file, its clients' calls bounded by `--timeout`.
    func load() throws -> ClusterFile {
        var cluster = try ClusterFile.load(cluster)
        cluster.callTimeout = .seconds(timeout)
        return cluster
    }

    /// The cluster file, its clients' calls without a deadline: for the commands that stream for ever by design.
    func loadWithoutDeadline() throws -> ClusterFile { try ClusterFile.load(cluster) }
}

func printJSON(_ message: some SwiftProtobuf.Message) throws {
    var options = JSONEncodingOptions()
    options.preserveProtoFieldNames = true
    print(try message.jsonString(options: options))
}

struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sign a document with a member's seal and send it.")
    @OptionGroup var options: ClusterOptions
    @Option(help: "The sending member (its dev certificates are used).") var from: String
    @Option(name: .customLong("for"), help: "Send as this unit registered under --from (Art. 8.2.b).") var forUnit:
        String?
    @Option(help: "A recipient organisation id (repeat for several).") var to: [String]
    @Option(help: "The document number (số).") var number: String
    @Option(help: "The notation (ký hiệu).") var notation = "VDXP"
    @Option(help: "The subject (trích yếu).") var subject: String
    @Option(help: "Priority: 0 normal … 4 flash at a set time.") var priority: Int32 = 0
    @Option(help: "A file to attach (repeat for several).") var file: [String] = []

    func run() async throws {
        let attachments = try file.map { path -> (name: String, contentType: String, data: Data) in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
            return ((path as NSString).lastPathComponent, "application/octet-stream", data)
        }
        let document = try await DocumentSender.send(
            cluster: try options.load(), from: from, for: forUnit, to: to, number: number, notation: notation,
            subject: subject,
            priority: priority, attachments: attachments)
        if options.json { try printJSON(document) } else { print("sent \(document.documentID)") }
    }
}

struct Inbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lease the waiting deliveries of a member.")
    @OptionGroup var options: ClusterOptions
    @Option(name: .customLong("as"), help: "The receiving member.") var member: String
    @Option(name: .customLong("for"), help: "Act for this unit registered under --as (Art. 8.2.b).") var forUnit:
        String?
    @Option(help: "At most this many deliveries.") var max: Int32 = 10

    func run() async throws {
        let maximum = max
        let response = try await options.load().memberClient("exchange", as: member, for: forUnit).exchange {
            try await $0.fetchInbox(.with { $0.maxDeliveries = maximum })
        }
        if options.json { return try printJSON(response) }
        if response.deliveries.isEmpty { print("nothing waiting") }
        for delivery in response.deliveries {
            print(
                "\(delivery.deliveryID)  priority \(delivery.priority)  \(delivery.documentID)  from \(delivery.senderOrganisationID)"
            )
        }
    }
}

struct Documents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the documents a member sent, or with --received those addressed to it, newest first.")
    @OptionGroup var options: ClusterOptions
    @Option(name: .customLong("as"), help: "The member whose documents to list.") var member: String
    @Option(name: .customLong("for"), help: "Act for this unit registered under --as (Art. 8.2.b).") var forUnit:
        String?
    @Flag(help: "List the documents addressed to the member (acknowledged or not) instead of those it sent.")
    var received = false
    @Option(help: "At most this many documents, the newest (1 to 1000000); standard error says when more remain.")
    var limit = 20

    func validate() throws {
        guard (1...1_000_000).contains(limit) else {
            throw ValidationError("--limit must be between 1 and 1000000, got \(limit)")
        }
    }

    func run() async throws {
        // Every page up to the limit: a page may end early, at Exchange's response byte budget.
        let (received, limit, pageSize) = (self.received, self.limit, Int32(min(self.limit + 1, 100)))
        let client = try options.load().memberClient("exchange", as: member, for: forUnit)
        let (documents, more) = try await client.exchange { exchange in
            try await firstItems(limit) { token in
                if received {
                    let page = try await exchange.listReceivedDocuments(
                        .with {
                            $0.pageSize = pageSize
                            $0.pageToken = token
                        })
                    return (page.documents, page.nextPageToken)
                }
                let page = try await exchange.listSentDocuments(
                    .with {
                        $0.pageSize = pageSize
                        $0.pageToken = token
                    })
                return (page.documents, page.nextPageToken)
            }
        }
        if more { ListLimit.sayCut(at: limit) }
        if options.json { return try documents.forEach { try printJSON($0) } }
        if documents.isEmpty { print(received ? "nothing received" : "nothing sent") }
        for document in documents {
            let states = document.recipients.map {
                "\($0.recipientOrganisationID): delivery \(String(describing: $0.deliveryState)), status "
                    + ($0.status == .unspecified ? "none yet" : $0.status.label)
            }
            print(
                "\(VietnamTime.format(document.sendTime.date))  \(document.documentID)  from "
                    + "\(document.senderOrganisationID)  \(document.header.subject)\n    "
                    + states.joined(separator: "; "))
        }
    }
}

struct Ack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Acknowledge a delivery (status 01 arrived).")
    @OptionGroup var options: ClusterOptions
    @Option(name: .customLong("as"), help: "The receiving member.") var member: String
    @Option(name: .customLong("for"), help: "Act for this unit registered under --as (Art. 8.2.b).") var forUnit:
        String?
    @Argument(help: "The delivery id.") var delivery: String

    func run() async throws {
        let id = delivery
        let result = try await options.load().memberClient("exchange", as: member, for: forUnit).exchange {
            try await $0.acknowledgeDelivery(.with { $0.deliveryID = id })
        }
        if options.json { try printJSON(result) } else { print("acknowledged \(result.documentID)") }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a document's statuses, or report one (--set registered|assigned|processing|completed).")
    @OptionGroup var options: ClusterOptions
    @Option(name: .customLong("as"), help: "The member asking (sender or recipient).") var member: String
    @Option(name: .customLong("for"), help: "Act for this unit registered under --as (Art. 8.2.b).") var forUnit:
        String?
    @Argument(help: "The document id.") var document: String
    @Option(help: "Report this status as the recipient.") var set: String?
    @Option(help: "Handler's full name (with --set).") var handler = "Cán bộ văn thư"
    @Option(help: "Handler's unit (with --set).") var unit = "Văn phòng"

    func run() async throws {
        let cluster = try options.load()
        let client = try cluster.memberClient("exchange", as: member, for: forUnit)
        let documentID = document
        if let set {
            let statuses: [String: Vdxp_Exchange_V1_DocumentStatus] = [
                "registered": .registered, "assigned": .assigned, "processing": .processing, "completed": .completed,
            ]
            guard let status = statuses[set] else {
                throw CLIError("--set must be registered, assigned, processing or completed")
            }
            let (name, unit) = (handler, self.unit)
            _ = try await client.exchange { exchange in
                try await exchange.updateDocumentStatus(
                    .with {
                        $0.documentID = documentID
                        $0.status = status
                        $0.handler = .with {
                            $0.fullName = name
                            $0.unit = unit
                        }
                    })
            }
        }
        let result = try await client.exchange { try await $0.getDocument(.with { $0.documentID = documentID }) }
        if options.json { try printJSON(result) } else { StatusPrinter.print(result, out: Output(json: false)) }
    }
}
