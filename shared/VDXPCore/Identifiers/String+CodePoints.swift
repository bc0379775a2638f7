extension StringProtocol {
    /// The length the contract's limits count ("at most 200 characters"): Unicode code points, not grapheme clusters.
    ///
    /// A grapheme cluster has no bounded size — one letter followed by a million combining accents is one `Character`
    /// and 2 MB — so a limit counted in `Character`s bounds nothing. Counted in code points a limit of `n` characters
    /// is at most `4 × n` UTF-8 bytes, and Vietnamese in precomposed Unicode (TCVN 6909, which official documents use)
    /// still counts one per letter.
    public var codePointCount: Int { unicodeScalars.count }
}
