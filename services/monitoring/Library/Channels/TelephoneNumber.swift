/// A telephone number in E.164 form (`+84912345678`), the form the SMS gateway takes (Art. 19.2).
///
/// Members write their numbers as people do — `0912 345 678`, `+84 24 3825 3535`, `84912345678`, `0084 912…`,
/// `+84 (0)24 …` — and Central stores them as written (digits, spaces and `+`). This normalises them: a leading
/// `0` is Vietnam's trunk prefix (`+84`), `00` is the international prefix, a bare `84…` of 11–12 digits is
/// Vietnamese; Vietnamese national numbers have 9 or 10 digits after `+84` (mobile 9, landline with area code 9–10),
/// others 7 to 14 digits after `+` (E.164 allows at most 15 in all).
struct TelephoneNumber: Sendable, Equatable, CustomStringConvertible {
    /// `+` and the digits.
    let e164: String

    /// Why a text is not a telephone number, said for the person who wrote it.
    struct Invalid: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    /// Normalises `text`; throws if it cannot be a telephone number.
    init(_ text: String) throws(Invalid) {
        let kept = text.filter { !" .-()/\t".contains($0) }
        var digits: String
        if kept.hasPrefix("+") {
            digits = String(kept.dropFirst())
        } else if kept.hasPrefix("00") {
            digits = String(kept.dropFirst(2))
        } else if kept.hasPrefix("0") {
            digits = "84" + kept.dropFirst()
        } else if kept.hasPrefix("84"), (11...12).contains(kept.count) {
            digits = kept
        } else {
            throw Invalid(
                description: "\"\(text.prefix(40))\" is not a telephone number: write it as +84 followed by the "
                    + "number without its leading 0 (e.g. +84 912 345 678), or as dialled in Vietnam (0912 345 678)")
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Invalid(description: "\"\(text.prefix(40))\" has characters other than digits, spaces and +")
        }
        guard !digits.hasPrefix("0") else {
            throw Invalid(
                description: "\"\(text.prefix(40))\" has no country code: after + (or 00) comes one, and none starts "
                    + "with 0; write +84 912 345 678, or 0912 345 678 as dialled in Vietnam")
        }
        if digits.hasPrefix("840") { digits = "84" + digits.dropFirst(3) }  // +84 (0)24 …
        if digits.hasPrefix("84") {
            guard (11...12).contains(digits.count) else {
                throw Invalid(
                    description: "\"\(text.prefix(40))\" is not a Vietnamese number: after +84 come 9 or 10 digits, "
                        + "\(digits.count - 2) given")
            }
        } else {
            guard (8...15).contains(digits.count) else {
                throw Invalid(
                    description: "\"\(text.prefix(40))\" is not an international number: E.164 has 8 to 15 digits "
                        + "after +, \(digits.count) given")
            }
        }
        e164 = "+" + digits
    }

    var description: String { e164 }
}
