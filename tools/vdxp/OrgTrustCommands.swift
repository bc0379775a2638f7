import ArgumentParser
import Foundation
import SwiftProtobuf
import VDXPProto
import VDXPTrust

/// `vdxp org authorities|upload-crl|crl-url`: the trust list's revocation lists (Art. 7.3), as the operator.
extension Org {
    struct Authorities: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the trusted authorities with their CRL URL and its last fetch.")
        @OptionGroup var options: ClusterOptions
        func run() async throws {
            let response = try await central(options) { try await $0.listTrustedAuthorities(.init()) }
            if options.json { return try printJSON(response) }
            for authority in response.trustedAuthorities {
                print("\(authority.fingerprintSha256)  \(authority.displayName)")
                guard !authority.revocationListURL.isEmpty else { continue }
                let checked =
                    authority.hasRevocationListCheckTime
                    ? VietnamTime.format(authority.revocationListCheckTime.date) : "not yet"
                let outcome =
                    authority.revocationListCheckError.isEmpty ? "ok" : authority.revocationListCheckError
                print("    CRL \(authority.revocationListURL) — last fetched \(checked): \(outcome)")
            }
        }
    }

    struct UploadCRL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upload-crl", abstract: "Upload a trusted authority's CRL (DER) and publish it.")
        @OptionGroup var options: ClusterOptions
        @Argument(help: "The CRL file, DER-encoded.") var file: String
        @OptionGroup var confirmation: Confirmation
        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
            let crl: CertificateRevocationList
            do { crl = try CertificateRevocationList(derEncoded: Array(data)) } catch {
                throw CLIError("\(file) is not a DER-encoded CRL (\(error)); a PEM one: convert it with `openssl crl`")
            }
            let number = crl.number.map(String.init) ?? "(none)"
            try confirmation.confirm(
                [
                    "publish CRL number \(number) of \(crl.issuer) from \(file):",
                    "  \(crl.revokedSerialNumbers.count) certificates revoked; connections and seals with them are "
                        + "refused from now",
                ], typing: crl.number.map(String.init) ?? (file as NSString).lastPathComponent,
                command: "org upload-crl")
            let list = try await central(options) { try await $0.uploadRevocationList(.with { $0.crlDer = data }) }
            if options.json { return try printJSON(list) }
            print(
                "published CRL number \(list.crlNumber) of \(list.authorityFingerprintSha256): "
                    + "\(list.revokedSerialNumbers.count) revoked")
        }
    }

    struct CRLURL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "crl-url",
            abstract: "Set where Central fetches an authority's CRL (empty to stop); it is fetched at once.")
        @OptionGroup var options: ClusterOptions
        @Argument(help: "The authority's fingerprint (vdxp org authorities).") var fingerprint: String
        @Argument(help: "The CRL's http:// or https:// URL, or \"\" to stop fetching.") var url: String
        func run() async throws {
            let request = Vdxp_Central_V1_SetRevocationListUrlRequest.with {
                $0.fingerprintSha256 = fingerprint
                $0.url = url
            }
            let authority = try await central(options) { try await $0.setRevocationListUrl(request) }
            if options.json { return try printJSON(authority) }
            if authority.revocationListURL.isEmpty { return print("Central no longer fetches this CRL") }
            print(
                authority.revocationListCheckError.isEmpty
                    ? "fetched \(authority.revocationListURL); Central fetches it again every VDXP_CRL_REFRESH_SECONDS"
                    : "set, but the first fetch failed: \(authority.revocationListCheckError)")
        }
    }
}
