import Foundation
import PostgresNIO
import VDXPStore

/// A call marked with a `request_id` makes what it makes once: its retry finds the first attempt's ticket, window
/// or notice (``RequestKeyStore``).
extension TicketHandlers {
    /// The longest `request_id`.
    static let maximumRequestIDLength = 64

    /// The call's `request_id`, checked: nil when the client gave none.
    static func requestID(_ value: String) throws(TicketError) -> String? {
        guard !value.isEmpty else { return nil }
        guard value.count <= maximumRequestIDLength,
            value.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_.".unicodeScalars.contains($0))
            })
        else {
            throw .invalidField(
                field: "request_id",
                message:
                    "request_id must be 1 to \(maximumRequestIDLength) letters, digits, '-', '_' or '.' (a UUID, say)")
        }
        return value
    }

    /// The id of what the earlier call of `caller` marked `requestID` made, or nil when there is no key or this call
    /// is the first with it: the key is then claimed in `connection`'s transaction, and ``made(_:requestID:by:on:)``
    /// records what the call makes.
    ///
    /// - Throws: `TicketError.invalidField` (INVALID_ARGUMENT) when the key was used with another method.
    func earlier(
        _ requestID: String?, by caller: TicketCaller, method: String, on connection: PostgresConnection
    ) async throws -> String? {
        guard let requestID,
            let earlier = try await requestKeys.claim(
                requestID, owner: caller.requestKeyOwner, method: method, on: connection)
        else { return nil }
        guard earlier.method == method else {
            throw TicketError.invalidField(
                field: "request_id",
                message: "request_id \(requestID) was used for \(earlier.method) (\(earlier.resourceID)): choose a new "
                    + "one for each new call, and the same one only to retry it")
        }
        return earlier.resourceID
    }

    /// Records `resourceID` as what the call marked `requestID` made (nothing without a key).
    func made(
        _ resourceID: String, requestID: String?, by caller: TicketCaller, on connection: PostgresConnection
    ) async throws {
        guard let requestID else { return }
        try await requestKeys.record(resourceID, owner: caller.requestKeyOwner, requestID: requestID, on: connection)
    }
}
