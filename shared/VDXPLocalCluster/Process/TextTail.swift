import Foundation

/// The last lines of a text or of a file, for error messages.
enum TextTail {
    /// The last `count` non-empty lines of `text`.
    static func lastLines(of text: String, count: Int = LocalClusterError.tailLineCount) -> [String] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        return Array(lines.suffix(count))
    }

    /// The last `count` non-empty lines of the file at `path`; empty if it cannot be read.
    ///
    /// Only the final 64 KiB are read, so a large server log costs little.
    static func lastLines(ofFile path: String, count: Int = LocalClusterError.tailLineCount) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let window: UInt64 = 64 * 1024
        guard let size = try? handle.seekToEnd() else { return [] }
        let start = size > window ? size - window : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return [] }
        var lines = Self.lastLines(of: String(decoding: data, as: UTF8.self), count: count + 1)
        if start > 0, lines.count > count {
            lines.removeFirst()  // probably cut in the middle
        }
        return Array(lines.suffix(count))
    }

    /// The size of the file at `path` in bytes, or 0 if it does not exist.
    static func fileSize(_ path: String) -> UInt64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// What was appended to the file at `path` after its first `offset` bytes; empty if it cannot be read.
    static func contents(ofFile path: String, from offset: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
