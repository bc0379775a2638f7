import Foundation
import GRPCCore
import SwiftProtobuf
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

    /// `ListUndeliveredNotifications`: Monitoring takes the outbox, oldest first.
    func listUndeliveredNotifications(
        request: Vdxp_Central_V1_ListUndeliveredNotificationsRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListNotificationsResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        guard request.afterNotificationID >= 0 else {
            throw CentralError.invalidField(
                field: "after_notification_id", message: "after_notification_id must be 0 or more")
        }
        let notifications = try await stores.outbox.undelivered(
            after: request.afterNotificationID, limit: pageSize)
        return .with { $0.notifications = notifications }
    }

    /// `MarkNotificationsDelivered`: Monitoring has them in its own outbox.
    func markNotificationsDelivered(
        request: Vdxp_Central_V1_MarkNotificationsDeliveredRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_MarkNotificationsDeliveredResponse {
        guard (1...1000).contains(request.notificationIds.count) else {
            throw CentralError.invalidField(
                field: "notification_ids", message: "notification_ids must hold 1 to 1000 ids")
        }
        let marked = try await stores.outbox.markDelivered(request.notificationIds)
        return .with { $0.marked = Int32(marked) }
    }
}
