import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VDXPCore

/// Where a trusted authority publishes its certificate revocation list: the URL rules and the fetch.
enum RevocationListSource {
    /// The largest CRL Central takes (a national CA's full list is a few megabytes).
    static let maximumBytes = 20 * 1024 * 1024
    /// How long one fetch may take.
    static let timeout: TimeAmount = .seconds(30)

    /// `text` as a CRL URL: `nil` when empty (stop fetching), else an absolute `http://` or `https://` URL of at most
    /// 2,000 characters.
    static func validatedURL(_ text: String, field: String) throws(CentralError) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.codePointCount <= 2000, let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else {
            throw CentralError.invalidField(
                field: field,
                message: "\(field) must be an absolute http:// or https:// URL of at most 2,000 characters, e.g. "
                    + "http://crl.ca.gov.vn/rootca.crl (the authority's CRL distribution point), or empty to stop")
        }
        return trimmed
    }

    /// GETs `url` and returns the body; throws ``FetchError`` on any answer but 200 or a body over
    /// ``maximumBytes``.
    static func fetch(_ url: String) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/pkix-crl, application/x-pkcs7-crl, */*")
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        guard response.status == .ok else {
            throw FetchError(
                description: "the server answered HTTP \(response.status.code) \(response.status.reasonPhrase)")
        }
        do {
            return Array(buffer: try await response.body.collect(upTo: maximumBytes))
        } catch is NIOTooManyBytesError {
            throw FetchError(description: "the server sent more than \(maximumBytes / 1024 / 1024) MiB: not a CRL")
        }
    }

    /// A fetch that did not bring a CRL back.
    struct FetchError: Error, CustomStringConvertible {
        let description: String
    }
}
