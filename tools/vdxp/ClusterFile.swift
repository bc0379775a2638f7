import Foundation
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPRuntime
import VDXPTrust

/// The platform a command calls and who it calls as. Two kinds of file have this shape:
///
/// - the **cluster file** `vdxp dev up` writes (`.vdxp/dev/cluster.json`): every address of a local platform, its
///   database and its whole development PKI, from which the identities are read;
/// - a **platform file** an operator writes to reach a real platform: the services' gRPC addresses, the platform CA
///   that must have issued their certificates, and the certificates the operator holds. The commands that need a
///   development platform (`send`, `seed`, `bench`, `dev`, …) refuse it by name.
///
/// ```json
/// {
///   "platform_ca": "/etc/vdxp/platform-ca.pem",
///   "services": {
///     "central": { "grpc": "central.vdxp.example.vn:7100", "public": "central.vdxp.example.vn:7443" },
///     "exchange": { "grpc": "exchange.vdxp.example.vn:7200" }
///   },
///   "operators": { "nguyen.van.a": { "certificate": "/home/a/operator.pem", "key": "/home/a/operator-key.pem" } },
///   "auditors": { "thanh.tra": { "certificate": "…", "key": "…" } },
///   "members": { "000.00.00.G22": { "certificate": "…/connection.pem", "key": "…/connection-key.pem" } }
/// }
/// ```
///
/// The path is `--cluster`, else `$VDXP_CLUSTER`, else `.vdxp/dev/cluster.json` (``defaultPath``).
struct ClusterFile: Codable {
    /// Addresses of one service.
    struct Endpoints: Codable {
        /// The mutual-TLS gRPC listener.
        var grpc: String
        /// The plaintext health listener; a local platform's only.
        var health: String?
        /// The Prometheus endpoint's URL; a local platform's only.
        var metrics: String?
        /// The public listener (Central's directory), when the service has one.
        var `public`: String?
    }

    /// The certificates the commands can present, and the CA the services' certificates must chain to: read from the
    /// PKI in a cluster file, written out in a platform file.
    struct Credentials: Codable {
        /// The platform CA (`VDXP_PLATFORM_CA` of the services).
        var platformCA: String
        /// Operators' TLS client certificates, by a name of the file's choosing.
        var operators: [String: DevelopmentPKIPaths.Identity] = [:]
        /// Platform auditors' TLS client certificates, by name (`--as auditor:<name>`).
        var auditors: [String: DevelopmentPKIPaths.Identity] = [:]
        /// Members' connection certificates, by organisation id (`--as <organisation id>`).
        var members: [String: DevelopmentPKIPaths.Identity] = [:]

        enum CodingKeys: String, CodingKey {
            case platformCA = "platform_ca"
            case operators
            case auditors
            case members
        }

        /// The identities of a development PKI.
        init(_ pki: DevelopmentPKIPaths) {
            platformCA = pki.platformCA
            operators = pki.operators
            auditors = pki.auditors
            members = pki.members.mapValues { .init(certificate: $0.connectionCertificate, key: $0.connectionKey) }
        }

        init(from decoder: any Swift.Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            platformCA = try container.decode(String.self, forKey: .platformCA)
            operators =
                try container.decodeIfPresent([String: DevelopmentPKIPaths.Identity].self, forKey: .operators) ?? [:]
            auditors =
                try container.decodeIfPresent([String: DevelopmentPKIPaths.Identity].self, forKey: .auditors) ?? [:]
            members =
                try container.decodeIfPresent([String: DevelopmentPKIPaths.Identity].self, forKey: .members) ?? [:]
        }
    }

    var services: [String: Endpoints]
    /// The local platform's database; nil in a platform file.
    var databaseURL: String?
    /// The local platform's development PKI; nil in a platform file.
    var pki: DevelopmentPKIPaths?
    /// The local mail relay and SMS gateway Monitoring delivers to; nil when they could not be started.
    var sinks: DevSinks? = nil
    /// Who the commands can call as. Stored in a platform file only; a cluster file's come from ``pki``.
    var credentials: Credentials
    /// The deadline of each call the clients below make (`--timeout`); nil for none. Not stored in the file.
    var callTimeout: Duration? = nil
    /// Where the file was read from, for messages; not stored in it.
    var path = ""

    enum CodingKeys: String, CodingKey {
        case services
        case databaseURL = "database_url"
        case pki
        case sinks
    }

    /// A local platform's cluster file.
    init(services: [String: Endpoints], databaseURL: String, pki: DevelopmentPKIPaths, sinks: DevSinks? = nil) {
        self.services = services
        self.databaseURL = databaseURL
        self.pki = pki
        self.sinks = sinks
        self.credentials = Credentials(pki)
    }

    init(from decoder: any Swift.Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        services = try container.decode([String: Endpoints].self, forKey: .services)
        databaseURL = try container.decodeIfPresent(String.self, forKey: .databaseURL)
        pki = try container.decodeIfPresent(DevelopmentPKIPaths.self, forKey: .pki)
        sinks = try container.decodeIfPresent(DevSinks.self, forKey: .sinks)
        credentials = try pki.map(Credentials.init) ?? Credentials(from: decoder)
    }

    func encode(to encoder: any Swift.Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(services, forKey: .services)
        try container.encodeIfPresent(databaseURL, forKey: .databaseURL)
        try container.encodeIfPresent(pki, forKey: .pki)
        try container.encodeIfPresent(sinks, forKey: .sinks)
        if pki == nil { try credentials.encode(to: encoder) }
    }

    /// `--cluster`'s default: `$VDXP_CLUSTER` when set, else the file `vdxp dev up` writes.
    static var defaultPath: String {
        let named = ProcessInfo.processInfo.environment["VDXP_CLUSTER"] ?? ""
        return named.isEmpty ? developmentPath : named
    }

    /// Where `vdxp dev up` writes its cluster file.
    static let developmentPath = ".vdxp/dev/cluster.json"

    /// The file at `path`; a missing file, or one a person wrote wrong, is told in words.
    static func load(_ path: String) throws -> ClusterFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(
                "no cluster file at \(path): run `vdxp dev up` first, or give a platform file (README, \"Calling a "
                    + "platform\") with --cluster or VDXP_CLUSTER")
        }
        do {
            var file = try JSONDecoder().decode(ClusterFile.self, from: data)
            file.path = path
            return file
        } catch let error as DecodingError {
            throw CLIError("\(path) cannot be read: \(error.personDescription)")
        }
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// The development PKI, for the commands that sign as a development member or run a local platform; a platform
    /// file is refused, naming `what`.
    func developmentPKI(for what: String) throws -> DevelopmentPKIPaths {
        guard let pki else { throw notDevelopment(what) }
        return pki
    }

    /// The local platform's database, for the commands that read or write it directly; a platform file is refused,
    /// naming `what`.
    func developmentDatabase(for what: String) throws -> String {
        guard let databaseURL else { throw notDevelopment(what) }
        return databaseURL
    }

    private func notDevelopment(_ what: String) -> CLIError {
        CLIError(
            "\(what) works only against a development platform (the cluster file `vdxp dev up` writes, with its PKI "
                + "and database); \(path) is a platform file")
    }

    func address(of service: String) throws -> HostAndPort {
        guard let text = services[service]?.grpc, let address = HostAndPort(text) else {
            throw CLIError("\(path) names no gRPC address for \(service) (services.\(service).grpc)")
        }
        return address
    }

    /// A client of `service` acting as the member `organisationID` — or, with `unit`, for a unit registered under it
    /// (`vdxp-acting-for`).
    func memberClient(_ service: String, as organisationID: String, for unit: String? = nil) throws -> PlatformClient {
        guard let member = credentials.members[organisationID] else {
            let known = credentials.members.keys.sorted().joined(separator: ", ")
            throw CLIError(
                "no certificates for member \(organisationID) in \(path); known: \(known) (give one of them "
                    + "to --as)")
        }
        var client = try client(
            service, certificate: member.certificate, key: member.key,
            identity: "member \(organisationID) (\(member.certificate))")
        client.actingFor = unit
        return client
    }

    /// A client of `service` for `who`: the operator when nil, a platform auditor for `auditor:<name>`, else the dev
    /// member with that organisation id.
    func client(_ service: String, as who: String?) throws -> PlatformClient {
        guard let who else { return try operatorClient(service) }
        guard who.hasPrefix("auditor:") else { return try memberClient(service, as: who) }
        let name = String(who.dropFirst("auditor:".count))
        guard let identity = credentials.auditors[name] else {
            throw CLIError(
                "no certificate for auditor \(name) in \(path); known: "
                    + "\(credentials.auditors.keys.sorted().map { "auditor:" + $0 }.joined(separator: ", "))")
        }
        return try client(
            service, certificate: identity.certificate, key: identity.key, identity: "auditor:\(name)")
    }

    /// A client of `service` acting as the operator.
    func operatorClient(_ service: String) throws -> PlatformClient {
        let name = credentials.operators["admin"] != nil ? "admin" : credentials.operators.keys.sorted().first
        guard let name, let identity = credentials.operators[name] else {
            throw CLIError("\(path) names no operator certificate (operators)")
        }
        return try client(
            service, certificate: identity.certificate, key: identity.key,
            identity: "the operator (\(name), \(identity.certificate))")
    }

    /// A client of `service` with the certificate and key given, each call bounded by ``callTimeout`` and recorded
    /// (``CallRecord``) as made by `identity`.
    private func client(
        _ service: String, certificate: String, key: String, identity: String
    ) throws -> PlatformClient {
        let address = try address(of: service)
        var client = PlatformClient(
            address: address, certificatePath: certificate, keyPath: key, platformCAPath: credentials.platformCA)
        client.timeout = callTimeout
        client.interceptors = [
            CallRecordInterceptor(
                call: .init(service: service, address: address, identity: identity, timeout: callTimeout))
        ]
        return client
    }
}

extension DecodingError {
    /// What is wrong, with the JSON path to it: `services.central.grpc is missing`.
    var personDescription: String {
        func path(_ context: Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = (context.codingPath + (last.map { [$0] } ?? [])).map {
                $0.intValue.map(String.init) ?? $0.stringValue
            }
            return keys.isEmpty ? "the file" : keys.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, let context): return "\(path(context, key)) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(self)"
        }
    }
}

/// An error for people: what went wrong and what to do.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
