import GRPCCore
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

@testable import VDXPExchange

@Suite("ExchangeError says its status, and a field violation its BadRequest field")
struct ExchangeErrorTests {
    @Test("each refusal is answered with the status the contract documents")
    func codes() {
        #expect(ExchangeError.noGlobalConfiguration(.notYetReceived).rpcErrorCode == .unavailable)
        #expect(
            ExchangeError.callerCannotExchange(member: "000.00.00.G22", state: .suspended, successor: nil).rpcErrorCode
                == .permissionDenied)
        #expect(ExchangeError.documentNotFound(documentID: "x").rpcErrorCode == .notFound)
        #expect(ExchangeError.documentIDTaken(documentID: "x").rpcErrorCode == .alreadyExists)
        #expect(
            ExchangeError.deliveryFailed(deliveryID: "d", attempts: 5, reason: .attemptsExhausted).rpcErrorCode
                == .failedPrecondition)
        #expect(ExchangeError.invalidField(field: "chunk.data", message: "m").rpcErrorCode == .invalidArgument)
    }

    @Test("a field violation carries its field as google.rpc.BadRequest details; other refusals carry none")
    func details() {
        let invalid = RPCError(ExchangeError.invalidField(field: "chunk.data", message: "chunk.data must be 1 byte"))
        #expect(invalid.badRequestFields == ["chunk.data"])
        #expect(invalid.message == "chunk.data must be 1 byte")
        #expect(RPCError(ExchangeError.documentNotFound(documentID: "x")).badRequestFields.isEmpty)
    }

    @Test("a closed member is told its successor; a suspended one whom to ask")
    func callerMessages() {
        let closed = ExchangeError.callerCannotExchange(
            member: "000.00.00.G22", state: .closed, successor: "000.00.00.G23")
        #expect(closed.message.hasSuffix("its successor is 000.00.00.G23"))
        let suspended = ExchangeError.callerCannotExchange(member: "000.00.00.G22", state: .suspended, successor: "")
        #expect(suspended.message.contains("ask the operator"))
    }
}
