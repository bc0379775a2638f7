import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The contract's enums in `smallint` columns (``SmallintProtoEnum``), one conformance for every service: each binds as
/// its number, reads back only when it names a case, and is never written when its number fits no `smallint`.
@Suite("Proto enums in smallint columns")
struct SmallintProtoEnumTests {
    /// `value` written as a bind parameter, then read back as a column of its type.
    static func roundTrip<Value: SmallintProtoEnum>(_ value: Value) throws -> Value {
        var buffer = ByteBuffer()
        try value.encode(into: &buffer, context: .default)
        return try Value(from: &buffer, type: Value.psqlType, format: Value.psqlFormat, context: .default)
    }

    /// Every case of `type` round-trips unchanged; the count of cases checked.
    static func roundTripsAll<Value: SmallintProtoEnum>(_ type: Value.Type) throws -> Int {
        for value in Value.allCases {
            #expect(try roundTrip(value) == value, "\(Value.self).\(value)")
        }
        return Value.allCases.count
    }

    @Test("every case of every enum the services store is written as an int2 and read back unchanged")
    func everyStoredEnumRoundTrips() throws {
        var cases = 0
        // Central
        cases += try Self.roundTripsAll(Vdxp_Central_V1_AccountRole.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_AccountState.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_AuthorityCategory.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_CertificateUsage.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_LockKind.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_MemberState.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_NotificationChannel.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_OrganisationKind.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_ServiceChangeKind.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_ServiceChangeState.self)
        cases += try Self.roundTripsAll(Vdxp_Central_V1_ServiceState.self)
        // Exchange (Search and Report store some of them too)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_BusinessType.self)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_DeliveryFailureReason.self)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_DeliveryKind.self)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_DeliveryState.self)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_Disposition.self)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_DocumentStatus.self)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_LegalValue.self)
        cases += try Self.roundTripsAll(Vdxp_Exchange_V1_RetractRequestState.self)
        // Monitoring (Ticket stores alert kinds and severities)
        cases += try Self.roundTripsAll(Vdxp_Monitoring_V1_AlertKind.self)
        cases += try Self.roundTripsAll(Vdxp_Monitoring_V1_Channel.self)
        cases += try Self.roundTripsAll(Vdxp_Monitoring_V1_ComponentState.self)
        cases += try Self.roundTripsAll(Vdxp_Monitoring_V1_ConnectionState.self)
        cases += try Self.roundTripsAll(Vdxp_Monitoring_V1_NotificationState.self)
        cases += try Self.roundTripsAll(Vdxp_Monitoring_V1_Severity.self)
        // Ticket
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_ActorKind.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_IntakeChannel.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_NoticeKind.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_SlaMilestone.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_SlaState.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_TicketCategory.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_TicketEventKind.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_TicketPriority.self)
        cases += try Self.roundTripsAll(Vdxp_Ticket_V1_TicketState.self)
        #expect(cases > 100)
    }

    @Test(
        "the number written is the contract's, in an int2: a delivery ACKNOWLEDGED is 3; an array of roles is an int2[]"
    )
    func numbersAreTheContracts() throws {
        var buffer = ByteBuffer()
        try Vdxp_Exchange_V1_DeliveryState.acknowledged.encode(into: &buffer, context: .default)
        #expect(Vdxp_Exchange_V1_DeliveryState.psqlType == .int2)
        #expect(buffer.readInteger(as: Int16.self) == 3)
        #expect([Vdxp_Central_V1_AccountRole].psqlType == .int2Array)
    }

    @Test("a number the contract does not define is corrupt data: reading it fails instead of yielding UNRECOGNIZED")
    func undefinedNumberThrows() {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(99))
        #expect(throws: (any Error).self) {
            try Vdxp_Exchange_V1_DeliveryState(from: &buffer, type: .int2, format: .binary, context: .default)
        }
    }

    @Test("an unrecognised value too large for a smallint is never written, in a statement's values or its rows")
    func outOfRangeIsNeverWritten() {
        var buffer = ByteBuffer()
        #expect(throws: ProtoEnumOutOfRange.self) {
            try Vdxp_Central_V1_AccountState.UNRECOGNIZED(70_000).encode(into: &buffer, context: .default)
        }
        #expect(buffer.readableBytes == 0)
        #expect(throws: ProtoEnumOutOfRange.self) {
            _ = try PostgresBindings(binding: "a", Vdxp_Exchange_V1_DeliveryState.UNRECOGNIZED(40_000))
        }
        var rows = ValuesRows()
        rows.startRow()
        #expect(throws: ProtoEnumOutOfRange.self) {
            try rows.bind(Vdxp_Exchange_V1_DeliveryState.UNRECOGNIZED(40_000))
        }
        #expect(rows.binds.count == 0)
    }
}
