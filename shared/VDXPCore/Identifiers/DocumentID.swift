/// The platform-wide id of an electronic document (mã định danh văn bản điện tử, Art. 12).
///
/// Art. 12.2 builds it from three groups: the issuing organisation's id, the year of issue, and the document's
/// number and notation (số và ký hiệu). VDXP writes them `{organisation id},{year},{number}/{notation}`:
///
/// ```swift
/// let id = try DocumentID(validating: "000.00.00.G22,2026,7816/VPCP-TTĐT")
/// id.organisationID.rawValue  // "000.00.00.G22"
/// id.year                     // 2026
/// id.number                   // "7816"
/// id.notation                 // "VPCP-TTĐT"
/// ```
///
/// Rules (`vdxp.exchange.v1.DocumentHeader.document_id`): at most 100 characters; the organisation part is a valid
/// ``OrganisationID``; the year is four digits from 1945 to 2100; the number and notation are both non-empty,
/// separated by the first `/` (a notation may itself contain `/`, e.g. `20/2020/QĐ-TTg` has number `20` and notation
/// `2020/QĐ-TTg`). Every document must have one (Art. 12.1); that it belongs to the sender and matches the
/// document's code is checked by ``DocumentHeaderValidator``.
///
/// Encodes to and decodes from a single JSON string; decoding validates.
public struct DocumentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The longest document id: 100 characters.
    public static let maximumLength = 100

    /// The years a document id may carry: 1945 (the founding of the State) to 2100.
    public static let years: ClosedRange<Int> = 1945...2100

    /// The id exactly as given.
    public let rawValue: String

    /// The issuing organisation (Art. 12.2.a).
    public let organisationID: OrganisationID

    /// The year of issue (Art. 12.2.b).
    public let year: Int

    /// The number and notation as written (Art. 12.2.c), e.g. `7816/VPCP-TTĐT`.
    public let numberAndNotation: String

    /// The number: the part of ``numberAndNotation`` before the first `/`, e.g. `7816`.
    public let number: String

    /// The notation: the part of ``numberAndNotation`` after the first `/`, e.g. `VPCP-TTĐT`.
    public let notation: String

    /// Validates `value` as a document id of the form `{organisation id},{year},{number}/{notation}`.
    ///
    /// - Parameter value: The id, e.g. `000.00.00.G22,2026,7816/VPCP-TTĐT`.
    /// - Throws: ``IdentifierError`` with code ``IdentifierError/Code/invalidDocumentID`` naming the part that is
    ///   wrong.
    public init(validating value: String) throws(IdentifierError) {
        func refuse(_ reason: String) -> IdentifierError {
            let subject = value.isEmpty ? "An empty string" : value.quotedForMessage()
            return IdentifierError(
                code: .invalidDocumentID,
                message: "\(subject) is not a valid document id: \(reason). "
                    + "A document id (Art. 12) is {organisation id},{year},{number}/{notation}, "
                    + "e.g. 000.00.00.G22,2026,7816/VPCP-TTĐT."
            )
        }

        if value.isEmpty {
            throw refuse("it is empty")
        }
        let length = value.codePointCount
        if length > Self.maximumLength {
            throw refuse("it has \(length) characters; at most \(Self.maximumLength) are allowed")
        }
        let parts = value.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw refuse("it needs three parts separated by commas and has \(parts.count)")
        }

        let organisationText = String(parts[0])
        if case .invalid(let reason) = OrganisationID.classify(organisationText) {
            throw refuse(
                "its organisation part \(organisationText.quotedForMessage()) is not a valid organisation id "
                    + "(\(reason)); it must be the issuer's id: a state-agency id such as 000.00.00.G22, a "
                    + "10-digit enterprise code or a 12-digit personal identification number"
            )
        }
        let organisationID: OrganisationID
        do {
            organisationID = try OrganisationID(validating: organisationText)
        } catch {
            throw refuse(error.message)
        }

        let yearText = parts[1]
        guard yearText.utf8.count == 4,
            yearText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let year = Int(yearText)
        else {
            throw refuse("its year part \(String(yearText).quotedForMessage()) is not four digits")
        }
        guard Self.years.contains(year) else {
            throw refuse(
                "its year \(year) is outside \(Self.years.lowerBound) to \(Self.years.upperBound)"
            )
        }

        let numberAndNotation = parts[2]
        guard let slash = numberAndNotation.firstIndex(of: "/") else {
            throw refuse(
                "its last part \(String(numberAndNotation).quotedForMessage()) has no \"/\" between the number "
                    + "and the notation"
            )
        }
        let number = numberAndNotation[..<slash]
        let notation = numberAndNotation[numberAndNotation.index(after: slash)...]
        if number.isEmpty {
            throw refuse("the number before the \"/\" is empty")
        }
        if notation.isEmpty {
            throw refuse("the notation after the \"/\" is empty")
        }

        self.rawValue = value
        self.organisationID = organisationID
        self.year = year
        self.numberAndNotation = String(numberAndNotation)
        self.number = String(number)
        self.notation = String(notation)
    }

    /// Builds and validates a document id from its parts.
    ///
    /// - Parameters:
    ///   - organisationID: The issuing organisation.
    ///   - year: The year of issue, 1945 to 2100.
    ///   - number: The number, e.g. `7816` (`DocumentCode.number`).
    ///   - notation: The notation, e.g. `VPCP-TTĐT` (`DocumentCode.notation`).
    /// - Throws: ``IdentifierError`` when the result is not a valid document id (too long, year out of range, empty
    ///   number or notation).
    public init(
        organisationID: OrganisationID,
        year: Int,
        number: String,
        notation: String
    ) throws(IdentifierError) {
        let yearText = (0...9999).contains(year) ? String(year).leftPadded(to: 4) : String(year)
        try self.init(validating: "\(organisationID.rawValue),\(yearText),\(number)/\(notation)")
    }

    /// The id as given.
    public var description: String {
        self.rawValue
    }

    /// Orders ids by their text, for stable listings.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension DocumentID: Codable {
    /// Decodes the id from a single string and validates it.
    ///
    /// - Throws: `DecodingError.dataCorrupted` with the ``IdentifierError``'s message when the string is not a
    ///   valid document id.
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

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}
