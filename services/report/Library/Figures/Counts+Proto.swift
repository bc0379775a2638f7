import SwiftProtobuf
import VDXPProto

extension Counts {
    /// The counters as the contract's `Measures` (without percentiles).
    var proto: Vdxp_Report_V1_Measures {
        .with {
            $0.documentsSent = self[.documentsSent]
            $0.documentsReceived = self[.documentsReceived]
            $0.sentOnTime = self[.sentOnTime]
            $0.sentLate = self[.sentLate]
            $0.failedDeliveries = self[.failedDeliveries]
            $0.failuresHandledSameDay = self[.failuresHandledSameDay]
            $0.withStatusArrived = self[.withStatusArrived]
            $0.withStatusRegistered = self[.withStatusRegistered]
            $0.withStatusAssigned = self[.withStatusAssigned]
            $0.withStatusProcessing = self[.withStatusProcessing]
            $0.withStatusCompleted = self[.withStatusCompleted]
            $0.rejected = self[.rejected]
            $0.retracted = self[.retracted]
            $0.revoked = self[.revoked]
            $0.updated = self[.updated]
            $0.replaced = self[.replaced]
            $0.overdue = self[.overdue]
        }
    }

    /// The share of the documents sent that were sent late, 0 when none were sent.
    var lateRate: Double {
        let sent = self[.documentsSent]
        return sent == 0 ? 0 : Double(self[.sentLate]) / Double(sent)
    }
}
