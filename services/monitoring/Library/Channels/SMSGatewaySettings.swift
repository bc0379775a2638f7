/// Where and how the SMS channel reaches its HTTP gateway (Art. 19.2). Read from the environment by
/// ``ChannelSettings``; see docs/operations.md for the variables.
struct SMSGatewaySettings: Sendable {
    /// The URL each message is POSTed to (`https://sms.example.vn/v1/messages`; `http://` only for a loopback
    /// gateway such as the development sink).
    var url: String
    /// Sent as `Authorization: Bearer <token>` when set (read from a secret file).
    var bearerToken: String?
    /// The longest a request may take, connection included.
    var timeout: Duration
}
