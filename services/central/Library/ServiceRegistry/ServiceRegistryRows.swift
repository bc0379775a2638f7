import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPProto

/// How the service registry's rows map to its messages: the column lists every query selects, and their decoding.
enum ServiceRegistryRows {
    /// The columns of `central.services`, in the order `service(_:)` decodes them.
    static let serviceColumns =
        "service_id, provider_id, definition::text, state, version, create_time, update_time, last_request_id"

    /// A row of `serviceColumns`.
    typealias ServiceRow = (Int64, String, String, Vdxp_Central_V1_ServiceState, Int64, Date, Date, Int64)

    /// The columns of `central.service_change_requests`, in the order `request(_:)` decodes them.
    static let requestColumns = """
        request_id, kind, organisation_id, service_id, definition::text, note, state, requested_by, request_time,
        decided_by, decide_time, decision_reason, service_version, code
        """

    /// A row of `requestColumns`.
    typealias RequestRow = (
        Int64, Vdxp_Central_V1_ServiceChangeKind, String, Int64?, String?, String, Vdxp_Central_V1_ServiceChangeState,
        String, Date, String, Date?, String, Int64, String
    )

    static func service(_ row: ServiceRow) throws -> Vdxp_Central_V1_RegisteredService {
        let definition = try self.definition(json: row.2)
        return .with {
            $0.serviceID = row.0
            $0.providerOrganisationID = row.1
            $0.definition = definition
            $0.state = row.3
            $0.version = row.4
            $0.createTime = .init(date: row.5)
            $0.updateTime = .init(date: row.6)
            $0.lastRequestID = row.7
        }
    }

    static func request(_ row: RequestRow) throws -> Vdxp_Central_V1_ServiceChangeRequest {
        let definition = try row.4.map { try self.definition(json: $0) }
        return .with {
            $0.requestID = row.0
            $0.kind = row.1
            $0.organisationID = row.2
            $0.serviceID = row.3 ?? 0
            if let definition { $0.definition = definition }
            $0.note = row.5
            $0.state = row.6
            $0.requestedBy = row.7
            $0.requestTime = .init(date: row.8)
            $0.decidedBy = row.9
            if let decided = row.10 { $0.decideTime = .init(date: decided) }
            $0.decisionReason = row.11
            $0.serviceVersion = row.12
            $0.serviceCode = row.13
        }
    }

    /// A definition as stored: proto3 JSON with the .proto's field names.
    static func json(_ definition: Vdxp_Central_V1_ServiceDefinition) throws -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return try definition.jsonString(options: options)
    }

    /// Parses a stored definition, ignoring fields a later version may have added.
    static func definition(json: String) throws -> Vdxp_Central_V1_ServiceDefinition {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        return try Vdxp_Central_V1_ServiceDefinition(jsonString: json, options: options)
    }
}
