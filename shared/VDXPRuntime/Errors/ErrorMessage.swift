/// Bounds on what an error sends back, so that a huge value a client sent never comes back as a huge `grpc-message`
/// (standard clients refuse trailers over 16 KiB, and would report RESOURCE_EXHAUSTED instead of the real error).
public enum ErrorMessage {
    /// The longest message sent, in UTF-8 bytes. Percent-encoding on the wire at most triples it, which stays well under
    /// the 16 KiB trailer limit of common clients.
    public static let maximumBytes = 3000

    /// `text` cut to `limit` UTF-8 bytes (on a character boundary) with "…" when it was longer.
    public static func bounded(_ text: String, limit: Int = maximumBytes) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > limit - 3 { break }
            result.append(character)
            used += size
        }
        return result + "…"
    }
}
