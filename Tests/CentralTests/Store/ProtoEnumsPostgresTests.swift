import PostgresNIO
import Testing
import VDXPProto

@testable import VDXPCentral

/// Proto enums in SQL: bound as `smallint` values, read back only when they name a case.
@Suite("Proto enums in smallint columns")
struct ProtoEnumsPostgresTests {
    @Test("a state binds as its number in a smallint, and an array of roles as a smallint[]")
    func encodesAsSmallint() throws {
        var buffer = ByteBuffer()
        try Vdxp_Central_V1_MemberState.official.encode(into: &buffer, context: .default)
        #expect(Vdxp_Central_V1_MemberState.psqlType == .int2)
        #expect(buffer.readInteger(as: Int16.self) == Int16(Vdxp_Central_V1_MemberState.official.rawValue))
        #expect([Vdxp_Central_V1_AccountRole].psqlType == .int2Array)
    }

    @Test("a stored number reads back as its state")
    func decodesKnownNumbers() throws {
        for state in Vdxp_Central_V1_MemberState.allCases {
            var buffer = ByteBuffer()
            buffer.writeInteger(Int16(state.rawValue))
            let decoded = try Vdxp_Central_V1_MemberState(
                from: &buffer, type: .int2, format: .binary, context: .default)
            #expect(decoded == state)
        }
    }

    @Test("a number that names no state is corrupt data: reading it fails instead of yielding UNRECOGNIZED")
    func refusesUnknownNumbers() {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(99))
        #expect(throws: (any Error).self) {
            try Vdxp_Central_V1_MemberState(from: &buffer, type: .int2, format: .binary, context: .default)
        }
    }

    @Test("an unrecognised value too large for a smallint is never written")
    func refusesOutOfRangeValues() {
        var buffer = ByteBuffer()
        #expect(throws: ProtoEnumOutOfRange.self) {
            try Vdxp_Central_V1_AccountState.UNRECOGNIZED(70_000).encode(into: &buffer, context: .default)
        }
    }
}
