import Foundation
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPRuntime
import VDXPTrust

/// `.vdxp/dev/cluster.json`: where a local platform listens and where its development PKI lives.
struct ClusterFile: Codable {
    /// Addresses of one service.
    struct Endpoints: Codable {
        var grpc: String
        var health: String
        var metrics: String
        /// The public listener (Central's directory), when the service has one.
        var `public`: String?
    }

    var services: [String: Endpoints]
    var databaseURL: String
    var pki: DevelopmentPKIPaths
    /// The local mail relay and SMS gateway Monitoring delivers to; nil when they could not be started.
    var sinks: DevSinks? = nil
    /// The deadline of each call the clients below make (`--timeout`); nil for none. Not stored in the file.
    var callTimeout: Duration? = nil

    enum CodingKeys: String, CodingKey {
        case services
        case databaseURL = "database_url"
        case pki
        case sinks
    }

    static let defaultPath = ".vdxp/dev/cluster.json"

    static func load(_ path: String) throws -> ClusterFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("no cluster file at \(path): run `vdxp dev up` first, or pass --cluster")
        }
        return try JSONDecoder().decode(ClusterFile.self, from: data)
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    func address(of service: String) throws -> HostAndPort {
        guard let text = services[service]?.grpc, let address = HostAndPort(text) else {
            throw CLIError("the cluster file has no gRPC address for \(service)")
        }
        return address
    }

    /// A client of `service` acting as the member `organisationID` — or, with `unit`, for a unit registered under it
    /// (`vdxp-acting-for`).
    func memberClient(_ service: String, as organisationID: String, for unit: String? = nil) throws -> PlatformClient {
        guard let member = pki.members[organisationID] else {
            let known = pki.members.keys.sorted().joined(separator: ", ")
            throw CLIError(
                "no certificates for member \(organisationID) in the cluster file; known: \(known) (give one of them "
                    + "to --as)")
        }
        var client = try client(
            service, certificate: member.connectionCertificate, key: member.connectionKey,
            identity: "member \(organisationID) (\(member.connectionCertificate))")
        client.actingFor = unit
        return client
    }

    /// A client of `service` for `who`: the operator when nil, a platform auditor for `auditor:<name>`, else the dev
    /// member with that organisation id.
    func client(_ service: String, as who: String?) throws -> PlatformClient {
        guard let who else { return try operatorClient(service) }
        guard who.hasPrefix("auditor:") else { return try memberClient(service, as: who) }
        let name = String(who.dropFirst("auditor:".count))
        guard let identity = pki.auditors[name] else {
            throw CLIError(
                "no certificate for auditor \(name) in the cluster file; known: "
                    + "\(pki.auditors.keys.sorted().map { "auditor:" + $0 }.joined(separator: ", "))")
        }
        return try client(
            service, certificate: identity.certificate, key: identity.key, identity: "auditor:\(name)")
    }

    /// A client of `service` acting as the operator.
    func operatorClient(_ service: String) throws -> PlatformClient {
        let name = pki.operators["admin"] != nil ? "admin" : pki.operators.keys.sorted().first
        guard let name, let identity = pki.operators[name] else {
            throw CLIError("the cluster file names no operator certificate")
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
            address: address, certificatePath: certificate, keyPath: key, platformCAPath: pki.platformCA)
        client.timeout = callTimeout
        client.interceptors = [
            CallRecordInterceptor(
                call: .init(service: service, address: address, identity: identity, timeout: callTimeout))
        ]
        return client
    }
}

/// An error for people: what went wrong and what to do.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
