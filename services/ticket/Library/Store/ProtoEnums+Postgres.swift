import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// A generated proto enum kept in a `smallint` column (as the migrations declare every state, kind and
/// disposition): it binds and decodes as a value, so SQL never carries the bare number.
///
/// ```swift
/// "UPDATE ticket.tickets SET state = \(Vdxp_Ticket_V1_TicketState.resolved) WHERE …"
/// ```
///
/// A number the contract does not define, read back from the database, is corrupt data: decoding throws instead
/// of producing `UNRECOGNIZED`, so that no code ever treats it as a state.
protocol SmallintProtoEnum: SwiftProtobuf.Enum, CaseIterable, PostgresNonThrowingEncodable, PostgresDecodable
where RawValue == Int {}

extension SmallintProtoEnum {
    static var psqlType: PostgresDataType { .int2 }

    static var psqlFormat: PostgresFormat { .binary }

    /// Writes the enum's number as the column's `int2`.
    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        Int16(truncatingIfNeeded: rawValue).encode(into: &byteBuffer, context: context)
    }

    /// Reads an `int2` and accepts only a number the contract defines.
    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        let number = try Int16(from: &buffer, type: type, format: format, context: context)
        guard let value = Self.allCases.first(where: { $0.rawValue == Int(number) }) else {
            throw PostgresDecodingError.Code.failure
        }
        self = value
    }
}

extension Vdxp_Ticket_V1_TicketState: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_TicketCategory: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_TicketPriority: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_IntakeChannel: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_ActorKind: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_SlaMilestone: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_SlaState: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_TicketEventKind: SmallintProtoEnum {}
extension Vdxp_Ticket_V1_NoticeKind: SmallintProtoEnum {}
extension Vdxp_Monitoring_V1_AlertKind: SmallintProtoEnum {}
extension Vdxp_Monitoring_V1_Severity: SmallintProtoEnum {}
