import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

/// `vdxp.central.v1.PublicDirectoryService` (Art. 9.1): the connected members with their states, for anyone,
/// read-only. Served on Central's public listener, which asks for no client certificate.
struct PublicDirectoryHandlers: Vdxp_Central_V1_PublicDirectoryService.SimpleServiceProtocol {
    /// The states the directory lists (Art. 9.1, the organisations connected and the ids in use): those exchanging
    /// documents and those suspended or cut off for now, so that a sender sees why a recipient does not receive.
    /// REQUESTED members are not connected yet; CLOSED ids are listed only on request.
    static let listedStates: [Vdxp_Central_V1_MemberState] = [.trial, .official, .suspended, .cutOff]

    let members: MemberStore

    func listDirectoryEntries(
        request: Vdxp_Central_V1_ListDirectoryEntriesRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListDirectoryEntriesResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let unit = request.level1Unit.uppercased()
        guard unit.codePointCount <= 10, unit.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw CentralError.invalidField(
                field: "level1_unit",
                message: "level1_unit must be the last group of a state agency's id, e.g. H26 or G22; got "
                    + request.level1Unit.quotedForMessage)
        }
        let scope = "central.directory.\(unit).\(request.includeClosed)"
        let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: scope) ?? ""
        var states = Self.listedStates
        if request.includeClosed { states.append(.closed) }
        let entries = try await members.directoryEntries(
            after: after, states: states, level1Unit: unit, limit: pageSize + 1)
        var response = Vdxp_Central_V1_ListDirectoryEntriesResponse()
        response.entries = Array(entries.prefix(pageSize))
        if entries.count > pageSize, let last = response.entries.last {
            response.nextPageToken = try PageToken(last.organisationID).encoded(scope: scope)
        }
        return response
    }
}
