/// The electronic identifier (mã định danh điện tử) of an organisation or person on the platform (Art. 3.5).
///
/// Every member, sender and recipient is named by one. Three forms exist, and the form alone tells the ``kind``:
///
/// | kind | form (Art. 3.5) | example |
/// |---|---|---|
/// | ``Kind/stateAgency`` | QĐ 20/2020 (widened by QCVN 102:2016 amendment 1:2022): up to 35 characters of `0-9`, `A-Z` and `.`, in at least two non-empty dot-separated groups | `000.00.00.G22` |
/// | ``Kind/enterprise`` | the enterprise (tax) code: exactly 10 digits | `0100109106` |
/// | ``Kind/individual`` | the personal identification number: exactly 12 digits | `001085012345` |
///
/// Nothing is normalised: `000.00.00.g22` (lower case) or ` 000.00.00.G22` (a space) are refused rather than
/// silently corrected, because the id is compared byte for byte everywhere on the platform.
///
/// ```swift
/// let office = try OrganisationID(validating: "000.00.00.G22")
/// office.kind        // .stateAgency
/// office.level1Unit  // "G22"
/// ```
///
/// Encodes to and decodes from a single JSON string; decoding validates.
public struct OrganisationID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The longest state-agency id: 35 characters (QCVN 102:2016 amendment 1:2022).
    public static let maximumStateAgencyLength = 35

    /// The number of digits of an enterprise code.
    public static let enterpriseCodeLength = 10

    /// The number of digits of a personal identification number.
    public static let personalNumberLength = 12

    /// The id exactly as given, e.g. `000.00.00.G22`.
    public let rawValue: String

    /// Which of the three forms of Art. 3.5 the id has.
    public let kind: Kind

    /// Validates `value` as an organisation id of one of the three forms of Art. 3.5.
    ///
    /// - Parameter value: The id, e.g. `000.00.00.G22`, `0100109106` or `001085012345`.
    /// - Throws: ``IdentifierError`` with code ``IdentifierError/Code/invalidOrganisationID`` and a message that
    ///   says what is wrong and explains the three forms.
    public init(validating value: String) throws(IdentifierError) {
        self.kind = try Self.kind(of: value)
        self.rawValue = value
    }

    /// The dot-separated groups of a state-agency id, e.g. `["000", "00", "00", "G22"]`; a one-element array with
    /// the whole id for an enterprise or an individual.
    public var groups: [Substring] {
        switch self.kind {
        case .stateAgency:
            return self.rawValue.split(separator: ".", omittingEmptySubsequences: false)
        case .enterprise, .individual:
            return [Substring(self.rawValue)]
        }
    }

    /// The level-1 unit (đơn vị cấp 1: a ministry, a central body or a province) of a state-agency id, e.g. `G22`
    /// for `000.00.00.G22` or `H13` for `002.00.20.H13`; `nil` for an enterprise or an individual.
    ///
    /// Our reading of QĐ 20/2020: the id is written from the lowest level to the highest, `[level 4].[level 3].
    /// [level 2].[level 1]`, so the level-1 code is the **last** group (a letter for the kind of body — `G` for the
    /// Government's ministries and agencies, `H` for provinces, … — and two digits). Ids widened to more than four
    /// groups by QCVN 102:2016 amendment 1:2022 add lower levels on the left, so the last group stays level 1.
    /// Report (Art. 21.2) aggregates per level-1 unit with this value.
    public var level1Unit: String? {
        guard self.kind == .stateAgency, let dot = self.rawValue.lastIndex(of: ".") else {
            return nil
        }
        return String(self.rawValue[self.rawValue.index(after: dot)...])
    }

    /// The id as given, e.g. `000.00.00.G22`.
    public var description: String {
        self.rawValue
    }

    /// Orders ids by their text, for stable listings.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension OrganisationID {
    /// The three forms, explained once for every error message.
    static let formsExplanation = """
        An organisation id has one of three forms (Art. 3.5): a state-agency id under QĐ 20/2020 — up to 35 \
        characters of digits, upper-case letters A-Z and dots, in at least two dot-separated groups, e.g. \
        000.00.00.G22; an enterprise code of exactly 10 digits, e.g. 0100109106; or a personal identification \
        number of exactly 12 digits, e.g. 001085012345.
        """

    /// Works out the kind of `value`, or throws the full error message.
    private static func kind(of value: String) throws(IdentifierError) -> Kind {
        switch Self.classify(value) {
        case .valid(let kind):
            return kind
        case .invalid(let reason):
            let subject = value.isEmpty ? "An empty string" : value.quotedForMessage()
            throw IdentifierError(
                code: .invalidOrganisationID,
                message: "\(subject) is not a valid organisation id: \(reason). \(Self.formsExplanation)"
            )
        }
    }

    /// The outcome of looking at a candidate id: its kind, or the reason it has none.
    enum Classification {
        case valid(Kind)
        case invalid(reason: String)
    }

    /// Works out the kind of `value`, or explains in a few words why it is none (without the forms explanation,
    /// so that ``DocumentID`` can embed the reason in its own message).
    static func classify(_ value: String) -> Classification {
        let utf8 = value.utf8
        if utf8.isEmpty {
            return .invalid(reason: "it is empty")
        }

        let isASCIIDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if utf8.allSatisfy(isASCIIDigit) {
            switch utf8.count {
            case Self.enterpriseCodeLength:
                return .valid(.enterprise)
            case Self.personalNumberLength:
                return .valid(.individual)
            default:
                return .invalid(
                    reason: "it has \(utf8.count) digits and no dots, so it can be neither an enterprise code "
                        + "(10 digits), a personal identification number (12 digits) nor a state-agency id "
                        + "(dotted groups)"
                )
            }
        }

        // Anything else must be a dotted state-agency id.
        for scalar in value.unicodeScalars {
            switch scalar {
            case "0"..."9", "A"..."Z", ".":
                continue
            case "a"..."z":
                return .invalid(reason: "it contains the lower-case letter \"\(scalar)\"; letters must be upper case")
            case " ", "\t", "\n", "\r":
                return .invalid(reason: "it contains white space")
            default:
                return .invalid(
                    reason: "it contains \"\(scalar)\", which is not a digit, an upper-case letter A-Z or a dot"
                )
            }
        }
        if utf8.count > Self.maximumStateAgencyLength {
            return .invalid(reason: "it has \(utf8.count) characters; a state-agency id has at most 35")
        }
        let groups = value.split(separator: ".", omittingEmptySubsequences: false)
        if groups.count < 2 {
            return .invalid(
                reason: "it has no dots and is not all digits; a state-agency id has at least two dot-separated "
                    + "groups"
            )
        }
        if groups.contains(where: \.isEmpty) {
            return .invalid(reason: "it has an empty group (a leading, trailing or double dot)")
        }
        return .valid(.stateAgency)
    }
}

extension OrganisationID: Codable {
    /// Decodes the id from a single string and validates it.
    ///
    /// - Throws: `DecodingError.dataCorrupted` with the ``IdentifierError``'s message when the string is not a
    ///   valid organisation id.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(String.self)
        do {
            try self.init(validating: value)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the id as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}
