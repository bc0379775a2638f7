public import Foundation
import Synchronization

/// Settings from `VDXP_*` environment variables, each overridable by a command-line flag of the same name in kebab
/// case: `VDXP_GRPC_ADDRESS` ↔ `--grpc-address value` (or `--grpc-address=value`). A flag with no value
/// (`--migrate-only`) means `true`.
public struct Settings: Sendable {
    private let values: [String: String]
    /// The names read so far, shared by every copy: what ``unread`` leaves out.
    private let read = ReadNames()

    /// Reads the process environment and command line.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        arguments: [String] = Array(CommandLine.arguments.dropFirst())
    ) throws(SettingsError) {
        var values = environment.filter { $0.key.hasPrefix("VDXP_") }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else {
                throw SettingsError("unexpected argument '\(argument)': settings are given as --name value")
            }
            var name = String(argument.dropFirst(2))
            var value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                value = arguments[index + 1]
                index += 1
            } else {
                value = "true"
            }
            values["VDXP_" + name.uppercased().replacingOccurrences(of: "-", with: "_")] = value
            index += 1
        }
        self.values = values
    }

    /// Settings from an explicit dictionary (tests, the `vdxp` tool).
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The value of `VDXP_<name>`, if set and not empty.
    public func optional(_ name: String) -> String? {
        read.names.withLock { _ = $0.insert("VDXP_" + name) }
        guard let value = values["VDXP_" + name], !value.isEmpty else { return nil }
        return value
    }

    /// The variables and flags given (as `VDXP_*` names) that nothing has read: once a service has read all its
    /// settings, names it has no setting of — a misspelt variable, another service's, a flag from another version —
    /// which would otherwise be ignored without a word.
    public var unread: [String] {
        let names = read.names.withLock { $0 }
        return values.keys.filter { !names.contains($0) }.sorted()
    }

    /// The value of `VDXP_<name>`; throws naming the variable and its flag if it is missing.
    public func required(_ name: String, _ meaning: String) throws(SettingsError) -> String {
        guard let value = optional(name) else {
            let flag = "--" + name.lowercased().replacingOccurrences(of: "_", with: "-")
            throw SettingsError("VDXP_\(name) is not set: give \(meaning) in VDXP_\(name) or \(flag)")
        }
        return value
    }

    /// A string with a default.
    public func string(_ name: String, default defaultValue: String) -> String {
        optional(name) ?? defaultValue
    }

    /// An integer with a default; throws if the value is not an integer in `range`.
    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(SettingsError)
        -> Int
    {
        guard let text = optional(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw SettingsError(
                "VDXP_\(name)=\(text) is not valid: give a whole number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return value
    }

    /// A boolean (`true`/`false`/`1`/`0`/`yes`/`no`) with a default.
    public func bool(_ name: String, default defaultValue: Bool) throws(SettingsError) -> Bool {
        guard let text = optional(name)?.lowercased() else { return defaultValue }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw SettingsError("VDXP_\(name)=\(text) is not valid: write true or false")
        }
    }

    /// A `host:port` address.
    public func address(_ name: String, default defaultValue: String) throws(SettingsError) -> HostAndPort {
        let text = optional(name) ?? defaultValue
        guard let address = HostAndPort(text) else {
            throw SettingsError("VDXP_\(name)=\(text) is not valid: write host:port, e.g. 0.0.0.0:7200")
        }
        return address
    }
}

/// A setting that is missing or malformed, with what to write instead.
public struct SettingsError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and how to fix it.
    public let description: String

    /// Creates an error with a message for the operator.
    public init(_ description: String) { self.description = description }
}

/// A `host:port` pair. IPv6 hosts are written in brackets: `[::1]:7200`.
public struct HostAndPort: Sendable, Hashable, CustomStringConvertible, Codable {
    /// Host name or address, without brackets.
    public var host: String
    /// TCP port, 0 to 65535 (0: pick a free port).
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether a listener can bind it: an IPv4 or IPv6 address, or `localhost` — not a name to resolve.
    var isBindable: Bool {
        if host == "localhost" || host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in UInt8(part).map { String($0) == part } ?? false }
    }
}

/// The setting names a ``Settings`` and its copies have read.
private final class ReadNames: Sendable {
    let names = Mutex<Set<String>>([])
}
