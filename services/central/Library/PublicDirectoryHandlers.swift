import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// `vdxp.central.v1.PublicDirectoryService` (Art. 9.1): the connected members, for anyone, read-only. Served on
/// Central's public listener, which asks for no client certificate.
struct PublicDirectoryHandlers: Vdxp_Central_V1_PublicDirectoryService.SimpleServiceProtocol {
    let database: Database
    let logger: Logger

    func listDirectoryEntries(
        request: Vdxp_Central_V1_ListDirectoryEntriesRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListDirectoryEntriesResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let unit = request.level1Unit.uppercased()
        guard unit.count <= 10, unit.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw RPCError(
                code: .invalidArgument,
                message: "level1_unit must be the last group of a state agency's id, e.g. H26 or G22; got "
                    + request.level1Unit.quotedForMessage)
        }
        let scope = "central.directory.\(unit).\(request.includeClosed)"
        let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: scope) ?? ""
        var states = [Vdxp_Central_V1_MemberState.trial.rawValue, Vdxp_Central_V1_MemberState.official.rawValue]
        if request.includeClosed { states.append(Vdxp_Central_V1_MemberState.closed.rawValue) }
        let suffix = unit.isEmpty ? "" : "." + unit
        let rows = try await database.query(
            """
            SELECT organisation_id, display_name, kind, state, successor FROM central.members
            WHERE organisation_id > \(after) AND state = ANY(\(states))
              AND (\(suffix) = '' OR organisation_id LIKE '%' || \(suffix))
            ORDER BY organisation_id LIMIT \(pageSize + 1)
            """, logger: logger)
        var entries: [Vdxp_Central_V1_DirectoryEntry] = []
        for try await (id, name, kind, state, successor) in rows.decode((String, String, Int, Int, String?).self) {
            entries.append(
                .with {
                    $0.organisationID = id
                    $0.displayName = name
                    $0.kind = Vdxp_Central_V1_OrganisationKind(rawValue: kind) ?? .unspecified
                    $0.state = Vdxp_Central_V1_MemberState(rawValue: state) ?? .unspecified
                    $0.successorOrganisationID = successor ?? ""
                })
        }
        var response = Vdxp_Central_V1_ListDirectoryEntriesResponse()
        response.entries = Array(entries.prefix(pageSize))
        if entries.count > pageSize, let last = response.entries.last {
            response.nextPageToken = try PageToken(last.organisationID).encoded(scope: scope)
        }
        return response
    }
}
