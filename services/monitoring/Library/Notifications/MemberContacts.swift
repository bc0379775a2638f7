import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Where the e-mail address and telephone number of a member come from: its record in Central (`Member.contact`,
/// Art. 19.2).
protocol MemberContacts: Sendable {
    /// The contacts of each member in `organisationIDs` that Central knows (a member it does not know is left out).
    func contacts(of organisationIDs: Set<String>) async throws -> [String: Vdxp_Central_V1_Contact]
}

/// Reads members' contacts from Central's `GetMember` with Monitoring's service certificate.
struct CentralMemberContacts: MemberContacts {
    let central: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String

    func contacts(of organisationIDs: Set<String>) async throws -> [String: Vdxp_Central_V1_Contact] {
        guard !organisationIDs.isEmpty else { return [:] }
        let transport = try TransportFactory.mutualTLSClient(
            target: central, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        return try await withGRPCClient(transport: transport) { client in
            let central = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            var contacts: [String: Vdxp_Central_V1_Contact] = [:]
            for organisationID in organisationIDs.sorted() {
                do {
                    let member = try await central.getMember(
                        .with { $0.organisationID = organisationID },
                        options: .defaults.with(timeout: .seconds(10)))
                    contacts[organisationID] = member.contact
                } catch let error as RPCError where error.code == .notFound {
                    continue
                }
            }
            return contacts
        }
    }
}

extension CallOptions {
    /// These options with a deadline `timeout` from the call.
    fileprivate func with(timeout: Duration) -> CallOptions {
        var options = self
        options.timeout = timeout
        return options
    }
}
