import ArgumentParser
import Foundation

/// `vdxp mail`: the e-mails and SMS that the local platform's Monitoring really delivered, as the local mail relay
/// and SMS gateway of `vdxp dev up` kept them (`.vdxp/dev/mail/*.json`, `.vdxp/dev/sms/*.json`).
struct Mail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show the e-mails and SMS delivered to the local mail relay and SMS gateway.",
        discussion: """
            `vdxp dev up` starts a real SMTP relay and an HTTP SMS gateway on loopback and points Monitoring at them; \
            each message they accept is kept as a JSON file under .vdxp/dev/mail and .vdxp/dev/sms (an e-mail also \
            as the .eml received). `vdxp mail` lists them, oldest first; `vdxp mail show N` prints one in full.
            """,
        subcommands: [List.self, Show.self, Sinks.self], defaultSubcommand: List.self)

    /// Where `vdxp dev up` keeps the local platform.
    struct Options: ParsableArguments {
        @Option(help: "Where the local platform lives.") var directory = ".vdxp/dev"
        @Flag(help: "Print JSON for scripts instead of text for people.") var json = false
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the e-mails and SMS received, oldest first.")
        @OptionGroup var options: Options

        func run() async throws {
            let messages = try DevMailbox(directory: options.directory).messages()
            if options.json {
                let records = messages.map(\.record)
                print(
                    String(
                        decoding: try JSONSerialization.data(
                            withJSONObject: records, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                        as: UTF8.self))
                return
            }
            guard !messages.isEmpty else {
                print("no e-mail or SMS received yet in \(options.directory)/mail and \(options.directory)/sms")
                return
            }
            for (index, message) in messages.enumerated() {
                print("\(index + 1). \(message.summary)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one e-mail or SMS in full.")
        @OptionGroup var options: Options
        @Argument(help: "Its number in `vdxp mail list`, or `last`.") var number: String = "last"

        func run() async throws {
            let messages = try DevMailbox(directory: options.directory).messages()
            let index = number == "last" ? messages.count : Int(number) ?? 0
            guard (1...max(messages.count, 1)).contains(index), !messages.isEmpty else {
                throw CLIError(
                    "no message \(number): \(messages.count) received (see `vdxp mail list`)")
            }
            let message = messages[index - 1]
            if options.json {
                print(
                    String(
                        decoding: try JSONSerialization.data(
                            withJSONObject: message.record,
                            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(message.full)
            }
        }
    }
}

extension Mail {
    /// `vdxp mail sinks start|stop`: the local relay and gateway of `vdxp dev up` alone, for a Monitoring run another
    /// way (Compose, a debugger): started in the background under `<directory>`, with the settings that point
    /// Monitoring at them printed.
    struct Sinks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start or stop the local mail relay and SMS gateway alone (as `vdxp dev up` runs them).",
            subcommands: [Start.self, Stop.self])

        struct Start: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Start them in the background; print Monitoring's settings that point at them.")
            @OptionGroup var options: Options
            @Option(help: "The relay's loopback port.") var smtpPort = DevSinks.smtpPort
            @Option(help: "The gateway's loopback port.") var smsPort = DevSinks.smsPort

            func run() async throws {
                let out = Output(json: options.json)
                guard
                    let sinks = try await DevSinks.start(
                        root: options.directory, supervisor: ProcessSupervisor(directory: options.directory),
                        out: out, smtpPort: smtpPort, smsPort: smsPort)
                else { throw CLIError("the local mail relay and SMS gateway cannot run here (see above)") }
                let settings = sinks.monitoringEnvironment
                if options.json {
                    print(
                        String(
                            decoding: try JSONSerialization.data(
                                withJSONObject: settings,
                                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                            as: UTF8.self))
                    return
                }
                out.line("Monitoring's settings for them:")
                for (name, value) in settings.sorted(by: { $0.key < $1.key }) { out.line("  \(name)=\(value)") }
                out.line("`vdxp mail sinks stop --directory \(options.directory)` stops them")
            }
        }

        struct Stop: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Stop the relay and gateway started there (the services of `vdxp dev up` keep running).")
            @OptionGroup var options: Options

            func run() async throws {
                let stopped = ProcessSupervisor(directory: options.directory).stop(DevSinks.processNames)
                if !options.json { print("stopped \(stopped) process\(stopped == 1 ? "" : "es")") }
            }
        }
    }
}

/// The messages kept by the local mail relay and SMS gateway.
struct DevMailbox {
    let directory: String

    /// One kept e-mail or SMS.
    struct Message {
        var kind: String
        var record: [String: Any]
        var received: String { record["received"] as? String ?? "" }
        func text(_ key: String) -> String {
            if let list = record[key] as? [String] { return list.joined(separator: ", ") }
            if record[key] is NSNull { return "" }
            return record[key].map { "\($0)" } ?? ""
        }

        var summary: String {
            kind == "e-mail"
                ? "\(received)  e-mail to \(text("rcpt_tos")): \(text("subject"))"
                : "\(received)  SMS to \(text("to")): \(text("text").prefix(60))"
        }

        var full: String {
            if kind == "e-mail" {
                return """
                    E-mail received \(received) (\(text("file")))
                    From:       \(text("from"))
                    To:         \(text("to"))
                    Date:       \(text("date"))
                    Message-ID: \(text("message_id"))
                    Subject:    \(text("subject"))
                    TLS: \((record["tls"] as? Bool) == true ? "yes" : "no"), \
                    authenticated as: \(record["authenticated_as"] as? String ?? "no one")

                    \(text("body"))
                    """
            }
            return """
                SMS received \(received) (\(text("file")))
                To:        \(text("to"))
                Reference: \(text("reference"))

                \(text("text"))
                """
        }
    }

    /// Every message, oldest first.
    func messages() throws -> [Message] {
        var messages: [Message] = []
        for (kind, folder) in [("e-mail", directory + "/mail"), ("SMS", directory + "/sms")] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            for name in names {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                    let record = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { continue }
                messages.append(Message(kind: kind, record: record))
            }
        }
        return messages.sorted { $0.received < $1.received }
    }
}
