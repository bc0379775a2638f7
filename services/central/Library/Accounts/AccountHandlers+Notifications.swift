import Foundation
import GRPCCore
import VDXPCore
import VDXPProto
import VDXPRuntime

/// The outbox, for the operator to inspect.
extension AccountHandlers {
    func listNotifications(
        request: Vdxp_Central_V1_ListNotificationsRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListNotificationsResponse {
        guard RequestContext.account() == nil else {
            throw CentralError.outboxIsForTheOperator
        }
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let accountID = try request.accountID.isEmpty ? nil : Self.accountID(request.accountID)
        let scope = "central.notifications/\(request.kind)/\(request.accountID)"
        let before = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? Int64.max
        let notifications = try await stores.outbox.list(
            kind: request.kind, accountID: accountID, before: before, limit: pageSize + 1)
        var response = Vdxp_Central_V1_ListNotificationsResponse()
        response.notifications = Array(notifications.prefix(pageSize))
        if notifications.count > pageSize, let last = response.notifications.last {
            response.nextPageToken = try PageToken(last.notificationID).encoded(scope: scope)
        }
        return response
    }
}
