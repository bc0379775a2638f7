import Foundation

/// POSIX shell quoting, for showing command lines and for the option string `pg_ctl -o` hands to a shell.
enum ShellQuoting {
    /// `word` unchanged when it needs no quoting, else wrapped in single quotes (`'` written as `'\''`).
    static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./:@%+,")
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The words quoted and joined with spaces.
    static func join(_ words: [String]) -> String {
        words.map(Self.quote).joined(separator: " ")
    }
}
