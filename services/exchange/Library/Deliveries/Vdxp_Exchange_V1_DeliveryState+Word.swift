import VDXPProto

extension Vdxp_Exchange_V1_DeliveryState {
    /// The state as messages write it, e.g. "ACKNOWLEDGED".
    var word: String {
        switch self {
        case .queued: return "QUEUED"
        case .leased: return "LEASED"
        case .acknowledged: return "ACKNOWLEDGED"
        case .failed: return "FAILED"
        case .withdrawn: return "WITHDRAWN"
        case .unspecified, .UNRECOGNIZED: return "in an unknown state"
        }
    }
}
