import VDXPProto

@testable import VDXPMonitoring

extension MemberActivity {
    /// The acts in `entry`, decoded as the journal follower decodes it.
    static func acts(in entry: Vdxp_Exchange_V1_JournalEntry, sender: String? = nil) -> [MemberActivity] {
        acts(in: DecodedJournalEntry(entry), sender: sender)
    }
}
