import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// Fuzzes what Exchange does with `SignedDocument.header` before any signature is checked: protobuf parsing, the
/// header rules (``DocumentHeaderValidator``) and normalisation (``DocumentHeaderNormaliser``).
enum DocumentHeaderTarget {
    /// When the header is received: a fixed time, so that a crash replays.
    static let receivedAt = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z
    /// The caller when the header names no valid sender.
    static let fallbackCaller = try! OrganisationID(validating: "000.00.00.G22")

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let header = try? Vdxp_Exchange_V1_DocumentHeader(serializedBytes: bytes) else {
            return .refused
        }
        let caller = (try? OrganisationID(validating: header.sender.organisationID)) ?? fallbackCaller
        let violations = DocumentHeaderValidator().violations(in: header, caller: caller, now: receivedAt)
        for violation in violations {
            precondition(!violation.field.isEmpty && !violation.rule.isEmpty, "every violation names field and rule")
        }
        let normalised = DocumentHeaderNormaliser.normalised(header)
        precondition(
            DocumentHeaderNormaliser.normalised(normalised) == normalised, "normalising a header twice changes nothing")
        _ = try? normalised.serializedBytes() as [UInt8]
        return violations.isEmpty ? .accepted : .refused
    }
}
