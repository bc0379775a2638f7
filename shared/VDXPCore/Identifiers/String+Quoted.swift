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
