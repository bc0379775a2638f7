/// The `grpc-timeout` request header of the gRPC over HTTP/2 protocol: 1 to 8 ASCII digits and a unit
/// (`H` hours, `M` minutes, `S` seconds, `m` milliseconds, `u` microseconds, `n` nanoseconds), e.g. `250m`.
enum GRPCTimeout {
    /// The duration the header names, or `nil` if it is not a valid header value.
    static func parse(_ text: String) -> Duration? {
        guard let unit = text.last, (2...9).contains(text.count) else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { return nil }
        switch unit {
        case "H": return .seconds(value * 3600)
        case "M": return .seconds(value * 60)
        case "S": return .seconds(value)
        case "m": return .milliseconds(value)
        case "u": return .microseconds(value)
        case "n": return .nanoseconds(value)
        default: return nil
        }
    }
}
