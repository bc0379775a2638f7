import PostgresNIO
import SwiftProtobuf
import VDXPProto

/// A proto enum stored as its number in a `smallint` column (or a `smallint[]` one): it binds and decodes as a value,
/// so that SQL says `WHERE state = \(Vdxp_Central_V1_MemberState.official)` and never a bare number.
///
/// A number read back that names no case of the enum (a generated enum would call it `UNRECOGNIZED`) is corrupt data:
/// decoding fails, and the call fails as an internal error rather than carry an unknown state on.
protocol SmallintProtoEnum: SwiftProtobuf.Enum, CaseIterable, PostgresCodable, PostgresArrayEncodable,
    PostgresArrayDecodable
{}

extension SmallintProtoEnum {
    static var psqlType: PostgresDataType { .int2 }
    static var psqlFormat: PostgresFormat { .binary }
    static var psqlArrayType: PostgresDataType { .int2Array }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        guard let number = Int16(exactly: rawValue) else {
            throw ProtoEnumOutOfRange(type: "\(Self.self)", number: rawValue)
        }
        number.encode(into: &byteBuffer, context: context)
    }

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

extension Vdxp_Central_V1_MemberState: SmallintProtoEnum {}
extension Vdxp_Central_V1_OrganisationKind: SmallintProtoEnum {}
extension Vdxp_Central_V1_CertificateUsage: SmallintProtoEnum {}
extension Vdxp_Central_V1_AuthorityCategory: SmallintProtoEnum {}
extension Vdxp_Central_V1_AccountState: SmallintProtoEnum {}
extension Vdxp_Central_V1_AccountRole: SmallintProtoEnum {}
extension Vdxp_Central_V1_LockKind: SmallintProtoEnum {}
extension Vdxp_Central_V1_NotificationChannel: SmallintProtoEnum {}
extension Vdxp_Central_V1_ServiceState: SmallintProtoEnum {}
extension Vdxp_Central_V1_ServiceChangeKind: SmallintProtoEnum {}
extension Vdxp_Central_V1_ServiceChangeState: SmallintProtoEnum {}

/// A proto enum value whose number does not fit the `smallint` column it is written to: a client sent an
/// unrecognised value that no validation caught. Nothing is written.
struct ProtoEnumOutOfRange: Error, CustomStringConvertible {
    /// The enum type.
    var type: String
    /// The number.
    var number: Int

    var description: String { "\(type) \(number) does not fit a smallint column" }
}
