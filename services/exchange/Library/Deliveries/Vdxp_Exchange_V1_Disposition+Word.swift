import VDXPProto

extension Vdxp_Exchange_V1_Disposition {
    /// The disposition in words, for messages: "retracted", "revoked", …
    var word: String {
        switch self {
        case .current: return "current"
        case .retracted: return "retracted"
        case .revoked: return "revoked"
        case .superseded: return "superseded by a newer version"
        case .removed: return "removed by a newer version"
        case .unspecified, .UNRECOGNIZED: return "in an unknown state"
        }
    }
}
