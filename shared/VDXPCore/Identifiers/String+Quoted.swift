extension String {
    /// The string in double quotes for an error message, cut to `limit` characters (with "…") so that a huge value
    /// sent by a client does not become a huge error message.
    func quotedForMessage(limit: Int = 60) -> String {
        if self.count <= limit {
            return "\"\(self)\""
        }
        return "\"\(self.prefix(limit))…\""
    }

    /// True when the string is empty or holds only white space (spaces, tabs, line breaks).
    var isBlank: Bool {
        self.allSatisfy(\.isWhitespace)
    }
}

extension String {
    /// The most characters of a client's value that an error message repeats.
    public static let echoLimit = 100

    /// The value in single quotes for an error message, cut to ``echoLimit`` characters with "…": a 3 MB id sent by
    /// a client comes back as 100 characters, not as a 3 MB `grpc-message`.
    public var echoed: String {
        count <= Self.echoLimit ? "'\(self)'" : "'\(prefix(Self.echoLimit))…'"
    }
}
