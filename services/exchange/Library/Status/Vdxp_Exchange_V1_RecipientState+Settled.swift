import VDXPCore
import VDXPProto

extension Vdxp_Exchange_V1_RecipientState {
    /// Whether nothing more is expected from this recipient: a final status (02, 06, 15), or a copy that is no
    /// longer current — a revoked one once the recipient confirmed the revocation.
    var isSettled: Bool {
        switch disposition {
        case .current, .unspecified, .UNRECOGNIZED: return status.isFinal
        case .revoked: return hasRevocationConfirmTime
        case .retracted, .superseded, .removed: return true
        }
    }
}
