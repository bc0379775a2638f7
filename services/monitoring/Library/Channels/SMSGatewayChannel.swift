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
/// The text is written without diacritics (``SMSText``), in the GSM alphabet: a third of the parts UCS-2 would take.
/// `reference` is the notification id: a gateway that deduplicates on it sends a retried message once. The number is
/// normalised to E.164 (``TelephoneNumber``). Outcomes (``outcome(status:detail:)``) are decided from the status alone:
/// 2xx accepted; 400, 413 and 422 — this message as it is — permanent; every other status, a timeout or no connection
/// transient. A redirect is not followed: it is transient, naming where the gateway points.
struct SMSGatewayChannel: NotificationChannel {
    private let settings: SMSGatewaySettings
    private let client: HTTPClient
    private let logger: Logger

    /// The client the channel posts with unless told otherwise, one per process and never shut down (like
    /// `HTTPClient.shared`, which follows redirects: it would repeat a POST answered 301–303 as a GET without the
    /// message and count the final 200 as an SMS sent, or hand the number and text to wherever a 307 points).
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: .init(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(30))))

    /// The most of the gateway's answer kept for the outcome's detail.
    static let answerBytesKept = 4096

    /// A channel posting to the gateway of `settings` through `client` (``client`` by default).
    init(settings: SMSGatewaySettings, client: HTTPClient = SMSGatewayChannel.client, logger: Logger) {
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

    /// The request within the gateway timeout, then its answer read within it again (``answer(_:within:)``).
    var longestDelivery: Duration { settings.timeout * 2 }

    func deliver(_ message: ChannelMessage) async -> ChannelOutcome {
        let number: TelephoneNumber
        do {
            number = try TelephoneNumber(message.address)
        } catch {
            return .permanentFailure(detail: "cannot send SMS: \(error)")
        }
        let payload = Payload(
            to: number.e164, text: SMSText.plain(message.body),
            reference: message.notificationID.uuidString.lowercased())
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
            let answer = await Self.answer(response.body, within: settings.timeout)
            var detail = "the SMS gateway answered \(response.status.code) \(response.status.reasonPhrase)"
            if (300..<400).contains(response.status.code) {
                // A relative Location is shown resolved against the gateway's URL, hiding user, password and query.
                let location =
                    response.headers.first(name: "Location").map {
                        ChannelSettings.shown(
                            URL(string: $0, relativeTo: URL(string: settings.url))?.absoluteString ?? $0)
                    } ?? "nowhere"
                detail += " to \(location): set VDXP_MONITORING_SMS_GATEWAY_URL to the address that takes the POST"
            } else if !answer.isEmpty {
                detail += ": \(answer)"
            }
            return Self.outcome(status: response.status.code, detail: detail)
        } catch {
            return .transientFailure(
                detail: "the SMS gateway \(ChannelSettings.shown(settings.url)) could not be reached: \(error)")
        }
    }

    /// The start of the gateway's answer, for the outcome's detail: read after the status decided the outcome, at most
    /// ``answerBytesKept`` bytes and for at most `timeout`, and never a reason to send again — a long or slow body
    /// after a 2xx is still an SMS sent.
    static func answer(_ body: HTTPClientResponse.Body, within timeout: Duration) async -> String {
        let kept = await withTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var kept = ByteBuffer()
                do {
                    for try await var part in body {
                        let room = answerBytesKept - kept.readableBytes
                        if var slice = part.readSlice(length: min(room, part.readableBytes)) {
                            kept.writeBuffer(&slice)
                        }
                        if kept.readableBytes >= answerBytesKept { break }
                    }
                } catch {}
                return kept
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? ByteBuffer()
        }
        return String(decoding: kept.readableBytesView, as: UTF8.self).prefix(200)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// 2xx accepted. 400, 413 and 422 permanent: the gateway refuses this message as it is (a number it does not take,
    /// a text too long). Every other status transient, to be retried while the operator or the gateway's owner fixes
    /// what is wrong: 429 and 5xx (busy or failing), 401, 403 and 407 (an expired or rotated token), 404 and 405 (a
    /// wrong URL), 408, a redirect — none says this message could never go, and dropping every SMS of the platform
    /// on the first refusal of its token would silence Art. 9.2's alerts.
    static func outcome(status: UInt, detail: String) -> ChannelOutcome {
        switch status {
        case 200..<300: .accepted(detail: detail)
        case 400, 413, 422: .permanentFailure(detail: detail)
        default: .transientFailure(detail: detail)
        }
    }
}
