import VDXPCore

/// Fuzzes ``OrganisationID`` and ``DocumentID`` parsing, with the promises the rest of the platform relies on: a
/// parsed id keeps its text, parses again to the same value, and its parts put together give it back.
enum IdentifierTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let text = String(decoding: bytes, as: UTF8.self)
        var accepted = false
        if let organisation = try? OrganisationID(validating: text) {
            accepted = true
            precondition(organisation.rawValue == text, "an organisation id must keep the text it was given")
            precondition(
                (try? OrganisationID(validating: organisation.rawValue)) == organisation,
                "a valid organisation id must parse again to itself")
            if let level1 = organisation.level1Unit {
                precondition(text.hasSuffix("." + level1), "the level-1 unit is the id's last group")
            }
            _ = organisation.groups
        }
        if let document = try? DocumentID(validating: text) {
            accepted = true
            precondition(document.rawValue == text, "a document id must keep the text it was given")
            precondition(
                "\(document.organisationID.rawValue),\(document.year),\(document.number)/\(document.notation)" == text,
                "a document id must be its organisation id, year, number and notation")
            precondition(!document.number.isEmpty && !document.notation.isEmpty, "number and notation are required")
            precondition(DocumentID.years.contains(document.year), "the year is in range")
            precondition(
                (try? DocumentID(validating: document.rawValue)) == document,
                "a valid document id must parse again to itself")
        }
        return accepted ? .accepted : .refused
    }
}
