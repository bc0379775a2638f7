import SwiftProtobuf
import VDXPProto
import VDXPRuntime

/// Fuzzes what every service does with a global configuration from Central (Art. 7): the signature checked against
/// the pinned anchor, then the configuration parsed and indexed (``GlobalConfigurationSnapshot``). The indexing is
/// also run on the input without the signature check, since a fuzzer cannot forge Central's signature and the
/// parser must not trap on anything Central could sign by mistake either.
enum GlobalConfigurationTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let signed = try? Vdxp_Central_V1_SignedGlobalConfiguration(serializedBytes: bytes) else {
            return .refused
        }
        if let snapshot = try? GlobalConfigurationSnapshot(verified: signed) {
            for (id, member) in snapshot.parties {
                precondition(id == member.organisationID, "parties are keyed by their organisation id")
                if let parent = snapshot.parent(ofUnit: id) {
                    precondition(snapshot.members[parent] != nil, "a unit's parent is a member")
                }
            }
            _ = snapshot.memberCertificateValidator
            _ = snapshot.isExpired()
        }
        guard let verified = try? signed.verified(anchor: FuzzFixtures.configurationSigner) else {
            return .refused
        }
        precondition(verified.signed == signed, "a verified copy is passed on unchanged")
        return .accepted
    }
}
