import Foundation
import VDXPTrust

/// Fuzzes ``CertificateRevocationList`` parsing (an operator's upload, or a fetch from an authority's distribution
/// point) and the check of its signature against the authority.
enum RevocationListTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let list = try? CertificateRevocationList(derEncoded: bytes) else {
            return .refused
        }
        precondition(list.derEncoded == bytes, "a parsed list keeps its exact bytes")
        if let next = list.nextUpdate {
            _ = next.timeIntervalSince(list.thisUpdate)
        }
        do {
            try list.verify(issuedBy: FuzzFixtures.memberCA)
            return .accepted
        } catch {
            return .refused
        }
    }
}
