import ArgumentParser
import Foundation

/// `--request-id KEY`: the idempotency key of a call that makes something (a ticket, a comment, a state change, an
/// attachment, a maintenance window, a notice). A retry with the same key returns what the first call made and makes
/// nothing twice (ticket_service.proto, `request_id`), so a person whose answer was lost — a timeout, a dropped
/// connection — runs the command again with the key it printed.
///
/// ```sh
/// vdxp ticket open --as 000.00.00.G22 --category provided_service --subject … --description …
/// # request id: 1B4F…-… (give --request-id 1B4F…-… to retry this call safely)
/// ```
struct RequestKey: ParsableArguments {
    @Option(
        name: .customLong("request-id"),
        help: ArgumentHelp(
            "A key for this call (1–64 letters, digits, '-', '_', '.'); a retry with the same key makes nothing twice. "
                + "Default: a new UUID, printed to standard error.",
            valueName: "key"))
    var requestID: String?

    func validate() throws {
        guard let requestID else { return }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard (1...64).contains(requestID.count), requestID.unicodeScalars.allSatisfy({ $0.isASCII }),
            requestID.unicodeScalars.allSatisfy(allowed.contains)
        else {
            throw ValidationError("--request-id must be 1 to 64 ASCII letters, digits, '-', '_' or '.'")
        }
    }

    /// The key to send: the one given, or a new UUID, announced on standard error before the call so a retry can
    /// reuse it.
    func key() -> String {
        if let requestID { return requestID }
        let key = UUID().uuidString
        FileHandle.standardError.write(
            Data("request id: \(key) (give --request-id \(key) to retry this call safely)\n".utf8))
        return key
    }
}
