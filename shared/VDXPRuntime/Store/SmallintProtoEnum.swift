public import PostgresNIO
public import SwiftProtobuf

/// A generated proto enum kept as its number in a `smallint` column (or a `smallint[]` one), as every service's
/// migrations declare states, kinds and channels: it binds and decodes as a value, so that SQL says
/// `WHERE state = \(Vdxp_Central_V1_MemberState.official)` and never a bare number.
///
/// - Writing: the enum's number as an `int2`. An unrecognised value too large for a `smallint` (a client's number that
///   no validation caught) is never written: binding it throws ``ProtoEnumOutOfRange`` and the statement is not sent.
/// - Reading: a number that names no case of the enum (a generated enum would call it `UNRECOGNIZED`) is corrupt data:
///   decoding throws, and the call fails as an internal error rather than carry an unknown state on.
///
/// The enums stored this way conform once, in `SmallintProtoEnum+Contract.swift`, for every service: a conformance is
/// process-wide, and several services store the same enum (a delivery's state in Exchange and Search).
public protocol SmallintProtoEnum: SwiftProtobuf.Enum, CaseIterable, PostgresCodable, PostgresArrayEncodable,
    PostgresArrayDecodable
{}

extension SmallintProtoEnum {
    /// `smallint`.
    public static var psqlType: PostgresDataType { .int2 }

    /// Binary, as PostgresNIO sends every integer.
    public static var psqlFormat: PostgresFormat { .binary }

    /// `smallint[]`.
    public static var psqlArrayType: PostgresDataType { .int2Array }

    /// Writes the enum's number as the column's `int2`, or throws ``ProtoEnumOutOfRange`` if it does not fit.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        guard let number = Int16(exactly: rawValue) else {
            throw ProtoEnumOutOfRange(type: "\(Self.self)", number: rawValue)
        }
        number.encode(into: &byteBuffer, context: context)
    }

    /// Reads an `int2` and accepts only a number the contract defines.
    public init<JSONDecoder: PostgresJSONDecoder>(
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

/// A proto enum value whose number does not fit the `smallint` column it is written to: a client sent an
/// unrecognised value that no validation caught. Nothing is written.
public struct ProtoEnumOutOfRange: Error, CustomStringConvertible {
    /// The enum type.
    public var type: String
    /// The number.
    public var number: Int

    /// "<type> <number> does not fit a smallint column".
    public var description: String { "\(type) \(number) does not fit a smallint column" }
}
