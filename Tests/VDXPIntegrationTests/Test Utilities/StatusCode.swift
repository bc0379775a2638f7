import GRPCCore

/// The status code of the call `body` makes: nil when it succeeds, `.unknown` for an error that is not an RPC's.
func statusCode(_ body: () async throws -> Void) async -> RPCError.Code? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return error.code
    } catch {
        return .unknown
    }
}
