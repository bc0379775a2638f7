import PostgresNIO
import Testing
import VDXPProto

@testable import VDXPExchange

@Suite("Proto enums bind and decode as smallint values")
struct ProtoEnumsPostgresTests {
    /// `value` written as a bind parameter, then read back as a column of its type.
    static func roundTrip<Value: SmallintProtoEnum>(_ value: Value) throws -> Value {
        var buffer = ByteBuffer()
        value.encode(into: &buffer, context: .default)
        return try Value(from: &buffer, type: Value.psqlType, format: Value.psqlFormat, context: .default)
    }

    @Test("every defined state, kind, status and disposition is written as int2 and read back unchanged")
    func roundTrips() throws {
        #expect(Vdxp_Exchange_V1_DeliveryState.psqlType == .int2)
        for state in Vdxp_Exchange_V1_DeliveryState.allCases { #expect(try Self.roundTrip(state) == state) }
        for kind in Vdxp_Exchange_V1_DeliveryKind.allCases { #expect(try Self.roundTrip(kind) == kind) }
        for status in Vdxp_Exchange_V1_DocumentStatus.allCases { #expect(try Self.roundTrip(status) == status) }
        for disposition in Vdxp_Exchange_V1_Disposition.allCases {
            #expect(try Self.roundTrip(disposition) == disposition)
        }
        for type in Vdxp_Exchange_V1_BusinessType.allCases { #expect(try Self.roundTrip(type) == type) }
        for value in Vdxp_Exchange_V1_LegalValue.allCases { #expect(try Self.roundTrip(value) == value) }
        for state in Vdxp_Exchange_V1_RetractRequestState.allCases { #expect(try Self.roundTrip(state) == state) }
    }

    @Test("the number written is the contract's: ACKNOWLEDGED is 3")
    func numbersAreTheContracts() throws {
        var buffer = ByteBuffer()
        Vdxp_Exchange_V1_DeliveryState.acknowledged.encode(into: &buffer, context: .default)
        #expect(buffer.readInteger(as: Int16.self) == 3)
    }

    @Test("a number the contract does not define is corrupt data: decoding throws instead of giving UNRECOGNIZED")
    func undefinedNumberThrows() {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(99))
        #expect(throws: (any Error).self) {
            try Vdxp_Exchange_V1_DeliveryState(from: &buffer, type: .int2, format: .binary, context: .default)
        }
    }
}
