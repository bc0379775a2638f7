import Foundation

/// Page tokens edited as a client could edit its own (they are base64url JSON, unsigned by design): to show that a
/// service refuses what it did not issue instead of failing on it.
enum PageTokenEdit {
    /// `token` with its cursor's number `field` set to the JSON number `number`, or nil when the token has no such
    /// field.
    static func cursor(_ token: String, field: String, to number: String) -> String? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let json = String(data: data, encoding: .utf8),
            let range = json.range(of: #""\#(field)":-?[0-9.eE+-]+"#, options: .regularExpression)
        else { return nil }
        return Data(json.replacingCharacters(in: range, with: #""\#(field)":\#(number)"#).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
