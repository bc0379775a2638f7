import Foundation
import VDXPTrust
import X509

/// The trust anchors the fuzz targets check against, read once from `fuzz/Fixtures` (written with the seed corpus
/// by `vdxp-fuzz seeds`, so that the seeds' chains and signatures verify): the member CA that issues document-signing
/// certificates, and the certificate that signs the global configuration. `VDXP_FUZZ_FIXTURES` names another folder.
enum FuzzFixtures {
    /// The folder: `VDXP_FUZZ_FIXTURES`, or `fuzz/Fixtures` of the checkout this file was built from.
    static var directory: String {
        if let folder = ProcessInfo.processInfo.environment["VDXP_FUZZ_FIXTURES"], !folder.isEmpty {
            return folder
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
    }

    /// The authority that issued the seeds' signing certificates.
    static let memberCA: Certificate = load("member-ca.pem")
    /// The certificate whose key signed the seeds' global configuration (the services' pinned anchor).
    static let configurationSigner: Certificate = load("configuration-signer.pem")

    private static func load(_ name: String) -> Certificate {
        let path = directory + "/" + name
        do {
            return try PEM.loadCertificateChain(pemFile: path)[0]
        } catch {
            fatalError("vdxp-fuzz: cannot read the fixture \(path) (\(error)); run `vdxp-fuzz seeds` to write it")
        }
    }
}
