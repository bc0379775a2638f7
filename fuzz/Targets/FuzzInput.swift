/// Splits one fuzz input into the several byte strings a target needs (a signature, the signed bytes, each
/// certificate of a chain …): each field is a two-byte big-endian length followed by that many bytes; a field cut
/// short by the end of the input takes what is left, and missing fields are empty. libFuzzer mutates lengths and
/// contents alike, so every split is reachable.
struct FuzzInput {
    private var remaining: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        self.remaining = bytes[...]
    }

    /// Whether every byte has been read.
    var isEmpty: Bool { remaining.isEmpty }

    /// The next field.
    mutating func field() -> [UInt8] {
        guard remaining.count >= 2 else {
            defer { remaining = [] }
            return Array(remaining)
        }
        let length = Int(remaining[remaining.startIndex]) << 8 | Int(remaining[remaining.startIndex + 1])
        remaining = remaining.dropFirst(2)
        let field = remaining.prefix(length)
        remaining = remaining.dropFirst(length)
        return Array(field)
    }

    /// The next field's first byte, or 0.
    mutating func byte() -> UInt8 {
        field().first ?? 0
    }

    /// Encodes fields in the form ``field()`` reads.
    static func encode(_ fields: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in fields {
            precondition(field.count <= Int(UInt16.max), "a fuzz input field holds at most 65,535 bytes")
            bytes += [UInt8(field.count >> 8), UInt8(field.count & 0xFF)] + field
        }
        return bytes
    }
}

/// Builds seed inputs for the targets that read several fields.
public enum FuzzSeed {
    /// `fields` in the layout a multi-field target reads (two-byte big-endian length, then the bytes).
    public static func fields(_ fields: [[UInt8]]) -> [UInt8] {
        FuzzInput.encode(fields)
    }
}
