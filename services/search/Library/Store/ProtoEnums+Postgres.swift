import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// A generated proto enum kept in a `smallint` column (as the migrations declare every state, kind and channel): it
/// binds and decodes as a value, so SQL never carries the bare number.
///
/// ```swift
/// "UPDATE search.recipients SET delivery_state = \(Vdxp_Exchange_V1_DeliveryState.failed) WHERE …"
/// ```
///
/// A number the contract does not define, read back from the database, is corrupt data: decoding throws instead
/// of producing `UNRECOGNIZED`.
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

extension Vdxp_Exchange_V1_DeliveryState: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_DocumentStatus: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_BusinessType: SmallintProtoEnum {}
extension Vdxp_Exchange_V1_LegalValue: SmallintProtoEnum {}
