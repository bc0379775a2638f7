import Foundation
import VDXPTrust
import X509

/// Fuzzes the check every document's signatures go through (``verifySignature(_:over:algorithm:publicKey:)`` with
/// the leaf's key, then ``CertificateChainValidator`` for document signing against the trusted authority).
///
/// Input fields (``FuzzInput``): the algorithm (one byte, an index into ``SignatureAlgorithm/allCases``), the
/// signature, the signed bytes, then the chain's certificates in DER, leaf first.
enum SignatureTarget {
    static let validator = CertificateChainValidator(trustedRoots: [FuzzFixtures.memberCA])

    static func run(_ bytes: [UInt8]) async -> FuzzOutcome {
        var input = FuzzInput(bytes)
        let algorithms = SignatureAlgorithm.allCases
        let algorithm = algorithms[Int(input.byte()) % algorithms.count]
        let signature = input.field()
        let signed = input.field()
        var chain: [Certificate] = []
        while !input.isEmpty, chain.count < 4 {
            guard let certificate = try? PEM.certificate(fromDER: input.field()) else {
                return .refused
            }
            chain.append(certificate)
        }
        guard let leaf = chain.first else {
            return .refused
        }
        do {
            try verifySignature(signature, over: signed, algorithm: algorithm, publicKey: leaf.publicKey)
        } catch {
            return .refused
        }
        // When the leaf was one minute old: a seed's chain is then valid, and a crash replays at the same time.
        let time = leaf.notValidBefore.addingTimeInterval(60)
        switch await validator.validate(leafFirst: chain, at: time, purpose: .documentSigning) {
        case .validated(let path):
            precondition(path.first == leaf, "a validated chain starts at the presented leaf")
            precondition(path.last == FuzzFixtures.memberCA, "a validated chain ends at the trusted authority")
            return .accepted
        case .rejected:
            return .refused
        }
    }
}
