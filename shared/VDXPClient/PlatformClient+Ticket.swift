import GRPCCore
public import GRPCNIOTransportHTTP2Posix
public import VDXPProto
import VDXPRuntime

extension PlatformClient {
    /// Runs `body` with a client of the Ticket service, as the certificate's identity or, with `bearerToken`, as the
    /// person signed in (the history then names the account).
    public func ticket<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Ticket_V1_TicketService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Ticket_V1_TicketService.Client(wrapping: $0)) }
    }
}
