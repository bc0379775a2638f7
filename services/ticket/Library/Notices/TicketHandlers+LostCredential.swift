import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Lost or stolen credentials (Art. 16.5).
extension TicketHandlers {
    func reportLostCredential(
        request: Vdxp_Ticket_V1_ReportLostCredentialRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_ReportLostCredentialResponse {
        throw RPCError(
            code: .unimplemented,
            message: "ReportLostCredential is not served yet: lock the account in Central (AccountService.LockAccount) "
                + "and open an URGENT ACCOUNT ticket")
    }
}
