import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPRuntime

/// Locks a member's account in Central (`AccountService.GetAccount` by username, then `LockAccount`, kind
/// REQUESTED) over mutual TLS as `service:ticket`, for a credential reported lost or stolen (Art. 16.5).
struct CentralAccountLocker: Sendable {
    /// Why a lock was not made.
    enum Failure: Error, CustomStringConvertible {
        /// Central has no such account of that member: the report names the wrong account.
        case noSuchAccount(organisationID: String, username: String)
        /// Central could not be asked (unreachable, refused, timed out): try again later.
        case unreachable(String)

        var description: String {
            switch self {
            case .noSuchAccount(let organisationID, let username):
                "Central has no account '\(username)' of \(organisationID)"
            case .unreachable(let why): "Central did not lock the account: \(why)"
            }
        }
    }

    /// Central's address; nil when the service was started without one.
    let central: HostAndPort?
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String

    /// Locks `username` of `organisationID` with `reason`.
    func lock(organisationID: String, username: String, reason: String) async throws(Failure) {
        guard let central else { throw .unreachable("no Central address (VDXP_CENTRAL_ADDRESS)") }
        let (certificatePath, keyPath, platformCAPath) = (self.certificatePath, self.keyPath, self.platformCAPath)
        let outcome: Failure?
        do {
            let transport = try TransportFactory.mutualTLSClient(
                target: central, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
            outcome = try await withGRPCClient(transport: transport) { client -> Failure? in
                let accounts = Vdxp_Central_V1_AccountService.Client(wrapping: client)
                var options = CallOptions.defaults
                options.timeout = .seconds(10)
                let account: Vdxp_Central_V1_Account
                do {
                    account = try await accounts.getAccount(.with { $0.username = username }, options: options)
                } catch let error as RPCError where error.code == .notFound {
                    return .noSuchAccount(organisationID: organisationID, username: username)
                }
                guard account.organisationID == organisationID else {
                    return .noSuchAccount(organisationID: organisationID, username: username)
                }
                _ = try await accounts.lockAccount(
                    .with {
                        $0.accountID = account.accountID
                        $0.kind = .requested
                        $0.reason = reason
                    }, options: options)
                return nil
            }
        } catch {
            throw .unreachable("\(error)")
        }
        if let outcome { throw outcome }
    }
}
