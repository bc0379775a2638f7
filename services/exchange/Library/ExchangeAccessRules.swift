import SwiftProtobuf
import VDXPRuntime
import VDXPStore

/// Who may call each Exchange RPC. Handlers narrow member access to the caller's own documents.
enum ExchangeAccessRules {
    static let byMethod: [String: AccessRule] = {
        let prefix = "vdxp.exchange.v1.ExchangeService/"
        var rules: [String: AccessRule] = [:]
        for method in [
            "SendDocument", "DownloadAttachment", "FetchInbox", "SubscribeInbox", "AcknowledgeDelivery",
            "UpdateDocumentStatus", "RejectDocument", "GetDocument", "ListSentDocuments", "WatchDocumentStatus",
            "RetractDocument", "AnswerRetractRequest", "ListFailedDeliveries", "RetryDelivery",
        ] {
            rules[prefix + method] = .memberOnly
        }
        rules[prefix + "StreamJournal"] = .services(["search", "report", "monitoring"])
        return rules
    }()
}
