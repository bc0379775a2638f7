import Foundation

/// An opaque `page_token` / `next_page_token` (Google AIP-158): a small `Codable` cursor, serialised as JSON and
/// written in URL-safe base64 without padding.
///
/// A token is bound to a *scope* — the list it belongs to, e.g. `"exchange.ListSentDocuments"` — so that a token
/// from one list RPC is refused by another. Tokens are not signed: a cursor must never grant access by itself, and
/// every page query still filters by the caller, so an edited token can at most skip rows the caller may see anyway.
///
/// ```swift
/// // Issuing: after the last row of a page.
/// let next = try PageToken(last.organisationID).encoded(scope: "central.members")
///
/// // Reading: an empty token means the first page.
/// let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: "central.members") ?? ""
/// ```
public struct PageToken<Cursor: Codable & Sendable>: Sendable {
    /// The longest token accepted: 1024 characters. Tokens the server issues are far shorter.
    public static var maximumLength: Int { 1024 }

    /// The position after which the next page starts.
    public var cursor: Cursor

    /// Wraps a cursor.
    ///
    /// - Parameter cursor: The position after which the next page starts.
    public init(_ cursor: Cursor) {
        self.cursor = cursor
    }

    /// The token for this cursor in `scope`.
    ///
    /// - Parameter scope: The list the token belongs to, e.g. `"exchange.ListSentDocuments"`.
    /// - Throws: ``PageTokenError`` with ``PageTokenError/Code/unencodableCursor`` if the cursor cannot be encoded
    ///   as JSON (a programming error).
    public func encoded(scope: String) throws(PageTokenError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json: Data
        do {
            json = try encoder.encode(PageTokenEnvelope(version: 1, scope: scope, cursor: self.cursor))
        } catch {
            throw PageTokenError(
                code: .unencodableCursor,
                message: "the page cursor for \(scope) cannot be encoded: \(error)"
            )
        }
        return json.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token this server issued for `scope`.
    ///
    /// - Parameters:
    ///   - token: The client's `page_token`; it must not be empty (see ``decodeIfPresent(_:scope:field:)``).
    ///   - scope: The list the token must belong to.
    ///   - field: The request field to name in the error message.
    /// - Throws: ``PageTokenError`` with ``PageTokenError/Code/invalidToken`` when the token is not one this
    ///   server issued for `scope`.
    public init(decoding token: String, scope: String, field: String = "page_token") throws(PageTokenError) {
        let refusal = PageTokenError(
            code: .invalidToken,
            message: "\(field) is not one this server issued: pass the next_page_token of the previous response "
                + "unchanged, with the same request parameters, or an empty \(field) for the first page"
        )
        guard !token.isEmpty, token.utf8.count <= Self.maximumLength, token.utf8.count % 4 != 1 else {
            throw refusal
        }
        var base64 = ""
        base64.reserveCapacity(token.utf8.count + 3)
        for scalar in token.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9":
                base64.unicodeScalars.append(scalar)
            case "-":
                base64.append("+")
            case "_":
                base64.append("/")
            default:
                throw refusal
            }
        }
        base64.append(String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4))
        guard let json = Data(base64Encoded: base64) else {
            throw refusal
        }
        // PostgreSQL's text holds no NUL: a cursor string with one would fail in the database, not here.
        guard !json.contains(0), json.range(of: Data(#"\u0000"#.utf8)) == nil else {
            throw refusal
        }
        let envelope: PageTokenEnvelope<Cursor>
        do {
            envelope = try Self.decoder.decode(PageTokenEnvelope<Cursor>.self, from: json)
        } catch {
            throw refusal
        }
        guard envelope.version == 1, envelope.scope == scope else {
            throw refusal
        }
        if let bounded = envelope.cursor as? any BoundedPageCursor, !bounded.isInRange {
            throw refusal
        }
        self.cursor = envelope.cursor
    }

    /// Reads a token's JSON. A `Date` (written as seconds since 2001, `JSONEncoder`'s default) must be a time
    /// `google.protobuf.Timestamp` can hold, years 1 to 9999: an edited one could otherwise be any number, and
    /// binding one past ±292,000 years to PostgreSQL traps the process.
    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let seconds = try container.decode(Double.self)
            let unix = seconds + Date.timeIntervalBetween1970AndReferenceDate
            guard seconds.isFinite, unix >= Double(WellKnownTypeRanges.minimumTimestampSeconds),
                unix < Double(WellKnownTypeRanges.maximumTimestampSeconds) + 1
            else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a time out of range")
            }
            return Date(timeIntervalSinceReferenceDate: seconds)
        }
        return decoder
    }

    /// The cursor of a client's `page_token`, or `nil` when it is empty (the first page).
    ///
    /// - Parameters:
    ///   - token: The client's `page_token`.
    ///   - scope: The list the token must belong to.
    ///   - field: The request field to name in the error message.
    /// - Throws: ``PageTokenError`` with ``PageTokenError/Code/invalidToken`` when the token is not empty and not
    ///   one this server issued for `scope`.
    public static func decodeIfPresent(
        _ token: String,
        scope: String,
        field: String = "page_token"
    ) throws(PageTokenError) -> Cursor? {
        if token.isEmpty {
            return nil
        }
        return try PageToken(decoding: token, scope: scope, field: field).cursor
    }
}

extension PageToken: Equatable where Cursor: Equatable {}

/// A cursor with numbers the database can only take within a range (a time in microseconds, a sort key): a token
/// whose cursor is out of it is refused like any token the server did not issue, instead of failing in SQL.
public protocol BoundedPageCursor {
    /// Whether every number of the cursor is one the server could have issued.
    var isInRange: Bool { get }
}
extension PageToken: Hashable where Cursor: Hashable {}

/// What a token's JSON holds: a format version, the scope and the cursor.
private struct PageTokenEnvelope<Cursor: Codable>: Codable {
    var version: Int
    var scope: String
    var cursor: Cursor

    enum CodingKeys: String, CodingKey {
        case version = "v"
        case scope = "s"
        case cursor = "c"
    }
}
