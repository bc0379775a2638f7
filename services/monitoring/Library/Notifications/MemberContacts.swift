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

/// Reads members' contacts from Central with Monitoring's service certificate: `GetMember` for each of a few members,
/// `ListMembers` a page of 200 at a time for more (an alert to every member wants every member's contact: a thousand
/// one-member calls would take a minute where five pages take five round trips). A page of 1,000 members with their
/// certificates passed the 4 MiB a client receives from about 800 members on, and then no member was told anything.
struct CentralMemberContacts: MemberContacts {
    let central: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    /// Above this many members wanted, the whole list is read page by page rather than member by member.
    var listAbove = 20

    func contacts(of organisationIDs: Set<String>) async throws -> [String: Vdxp_Central_V1_Contact] {
        guard !organisationIDs.isEmpty else { return [:] }
        let transport = try TransportFactory.mutualTLSClient(
            target: central, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        return try await withGRPCClient(transport: transport) { client in
            let central = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            if organisationIDs.count > listAbove {
                return try await Self.listed(organisationIDs, from: central)
            }
            return try await Self.oneByOne(organisationIDs, from: central)
        }
    }

    private static func oneByOne(
        _ organisationIDs: Set<String>, from central: Vdxp_Central_V1_CentralService.Client<some ClientTransport>
    ) async throws -> [String: Vdxp_Central_V1_Contact] {
        var contacts: [String: Vdxp_Central_V1_Contact] = [:]
        for organisationID in organisationIDs.sorted() {
            do {
                let member = try await central.getMember(
                    .with { $0.organisationID = organisationID }, options: .defaults.with(timeout: .seconds(10)))
                contacts[organisationID] = member.contact
            } catch let error as RPCError where error.code == .notFound {
                continue
            }
        }
        return contacts
    }

    private static func listed(
        _ organisationIDs: Set<String>, from central: Vdxp_Central_V1_CentralService.Client<some ClientTransport>
    ) async throws -> [String: Vdxp_Central_V1_Contact] {
        var contacts: [String: Vdxp_Central_V1_Contact] = [:]
        var pageToken = ""
        repeat {
            let page = try await central.listMembers(
                .with {
                    $0.pageSize = 200
                    $0.pageToken = pageToken
                }, options: .defaults.with(timeout: .seconds(10)))
            for member in page.members where organisationIDs.contains(member.organisationID) {
                contacts[member.organisationID] = member.contact
            }
            pageToken = page.nextPageToken
        } while !pageToken.isEmpty
        return contacts
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
