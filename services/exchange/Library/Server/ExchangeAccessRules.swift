import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who may call each Exchange RPC, keyed by the generated method descriptors. Handlers narrow member access to the
/// caller's own documents. A method missing here is refused to everyone, so a new RPC is never open by accident.
enum ExchangeAccessRules {
    private typealias Method = Vdxp_Exchange_V1_ExchangeService.Method

    /// One rule per method of `vdxp.exchange.v1.ExchangeService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        Method.SendDocument.descriptor: .memberOnly,
        Method.DownloadAttachment.descriptor: .memberOnly,
        Method.FetchInbox.descriptor: .memberOnly,
        Method.SubscribeInbox.descriptor: .memberOnly,
        Method.AcknowledgeDelivery.descriptor: .memberOnly,
        Method.UpdateDocumentStatus.descriptor: .memberOnly,
        Method.RejectDocument.descriptor: .memberOnly,
        Method.GetDocument.descriptor: .memberOnly,
        Method.ListSentDocuments.descriptor: .memberOnly,
        Method.ListReceivedDocuments.descriptor: .memberOnly,
        Method.WatchDocumentStatus.descriptor: .memberOnly,
        Method.RetractDocument.descriptor: .memberOnly,
        Method.AnswerRetractRequest.descriptor: .memberOnly,
        Method.ConfirmRevocation.descriptor: .memberOnly,
        Method.ListFailedDeliveries.descriptor: .memberOnly,
        Method.RetryDelivery.descriptor: .memberOnly,
        // The journal is the platform's own record, followed by its projections and audited by the operator.
        Method.StreamJournal.descriptor: .operatorOrServices(["search", "report", "monitoring"]),
        Method.ListJournalSeals.descriptor: .operatorOrServices(["search", "report", "monitoring"]),
    ]
}
