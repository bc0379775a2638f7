import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The SMS channel (Art. 19.2): each message is one JSON POST to the configured HTTP gateway,
///
/// ```
/// POST <VDXP_MONITORING_SMS_GATEWAY_URL>
/// Authorization: Bearer <token>            (when VDXP_MONITORING_SMS_GATEWAY_TOKEN_FILE is set)
/// Content-Type: application/json; charset=utf-8
///
/// {"to": "+84912345678", "text": "…", "reference": "<notification id>"}
/// ```
///
/// `reference` is the notification id: a gateway that deduplicates on it sends a retried message once. The number is
/// normalised to E.164 (``TelephoneNumber``). Outcomes: 2xx accepted; 429, 5xx, a timeout or no connection
/// transient; any other status, or a number that is not one, permanent.
struct SMSGatewayChannel: NotificationChannel {
    private let settings: SMSGatewaySettings
    private let client: HTTPClient
    private let logger: Logger

    /// A channel posting to the gateway of `settings` through `client` (the process-wide shared client by default).
    init(settings: SMSGatewaySettings, client: HTTPClient = .shared, logger: Logger) {
        self.settings = settings
        self.client = client
        self.logger = logger
    }

    /// The JSON body of one message.
    struct Payload: Codable, Equatable {
        /// The E.164 number.
        var to: String
        /// The text, UTF-8.
        var text: String
        /// The notification id.
        var reference: String
    }

    func deliver(_ message: ChannelMessage) async -> ChannelOutcome {
        let number: TelephoneNumber
        do {
            number = try TelephoneNumber(message.address)
        } catch {
            return .permanentFailure(detail: "cannot send SMS: \(error)")
        }
        let payload = Payload(
            to: number.e164, text: message.body, reference: message.notificationID.uuidString.lowercased())
        var request = HTTPClientRequest(url: settings.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Idempotency-Key", value: payload.reference)
        if let token = settings.bearerToken {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            request.body = .bytes(ByteBuffer(bytes: try encoder.encode(payload)))
            let response = try await client.execute(request, timeout: .init(settings.timeout), logger: logger)
            let body = try await response.body.collect(upTo: 4096)
            let text = String(buffer: body).prefix(200).trimmingCharacters(in: .whitespacesAndNewlines)
            let detail =
                "the SMS gateway answered \(response.status.code) \(response.status.reasonPhrase)"
                + (text.isEmpty ? "" : ": \(text)")
            return Self.outcome(status: response.status.code, detail: detail)
        } catch {
            return .transientFailure(
                detail: "the SMS gateway \(ChannelSettings.shown(settings.url)) could not be reached: \(error)")
        }
    }

    /// 2xx accepted; 429 and 5xx transient; any other status permanent (the seam's rule: a 4xx other than 429 says
    /// this request will not succeed as it is).
    static func outcome(status: UInt, detail: String) -> ChannelOutcome {
        switch status {
        case 200..<300: .accepted(detail: detail)
        case 429, 500..<600: .transientFailure(detail: detail)
        default: .permanentFailure(detail: detail)
        }
    }
}
