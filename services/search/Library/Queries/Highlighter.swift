import Foundation

/// Marks the words of a subject or a number and notation that match the words of a query, between `«` and `»`,
/// comparing them folded as the index folds them (lower case, accents removed, `đ` → `d`), so that "quyet dinh"
/// marks "«Quyết định»". A word matches a query word it equals or begins with; a query word that matches no word
/// that way is taken for a typo and matches the words at most one edit away (both of four letters or more).
/// Neighbouring marked words share one pair of marks.
enum Highlighter {
    /// The folded form of `text`: lower case, no accents, `đ` → `d`.
    ///
    /// Every hit's subject and code is folded word by word, so this is on Search's hot path: ASCII words are only
    /// lower-cased, and `đ` is replaced scalar by scalar — `replacingOccurrences` and `folding` (through NSString)
    /// took 29 % of Search's CPU under `vdxp bench search` before (`perf record`, docs/benchmarks.md).
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // U+0110 Đ and U+0111 đ have no decomposition: diacritic folding leaves them as they are.
            scalars.append(scalar.value == 0x0110 || scalar.value == 0x0111 ? "d" : scalar)
        }
        return String(scalars).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }

    /// `text` with the words matching `query` marked; `text` itself when `query` has no words.
    static func highlight(_ text: String, query: String) -> String {
        let wanted = words(in: fold(query)).map { String($0) }
        guard !wanted.isEmpty else { return text }
        // The text as alternating runs of word and non-word characters, each word with whether it matches.
        var segments: [(text: String, hit: Bool?)] = []
        for character in text {
            let isWord = isWordCharacter(character)
            if let last = segments.last, (last.hit != nil) == isWord {
                segments[segments.count - 1].text.append(character)
            } else {
                segments.append((String(character), isWord ? false : nil))
            }
        }
        let folded = segments.map { $0.hit == nil ? "" : fold($0.text) }
        // A query word found as written (or as the start of a word) marks only those; one found nowhere is taken
        // for a typo and marks the words one edit away.
        let found = Set(wanted.filter { word in folded.contains { matchesAsWritten($0, word) } })
        for i in segments.indices where segments[i].hit != nil {
            segments[i].hit = wanted.contains { word in
                found.contains(word) ? matchesAsWritten(folded[i], word) : matchesWithTypo(folded[i], word)
            }
        }
        var result = ""
        var open = false
        for (i, segment) in segments.enumerated() {
            switch segment.hit {
            case true?:
                if !open { result += "«" }
                open = true
                result += segment.text
            case false?:
                result += segment.text
            case nil:
                let joinsNextHit =
                    segment.text.allSatisfy(\.isWhitespace) && i + 1 < segments.count && segments[i + 1].hit == true
                if open && !joinsNextHit {
                    result += "»"
                    open = false
                }
                result += segment.text
            }
        }
        if open { result += "»" }
        return result
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    private static func words(in text: String) -> [Substring] {
        text.split { !isWordCharacter($0) }
    }

    private static func matchesAsWritten(_ word: String, _ wanted: String) -> Bool {
        !word.isEmpty && (word == wanted || (wanted.count >= 2 && word.hasPrefix(wanted)))
    }

    private static func matchesWithTypo(_ word: String, _ wanted: String) -> Bool {
        guard word.count >= 4, wanted.count >= 4, abs(word.count - wanted.count) <= 1 else { return false }
        return editDistance(Array(word), Array(wanted), limit: 1) <= 1
    }

    /// Levenshtein distance with adjacent transpositions, stopping early above `limit`.
    private static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            var best = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
                best = min(best, current[j])
            }
            if best > limit { return best }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
