import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// Checks a `SearchDocumentsRequest` and turns it into a `DocumentQuery`, naming each broken field by its proto
/// path.
enum SearchRequestValidator {
    /// The longest text searched: 200 characters.
    static let maximumTextLength = 200
    /// The most values one filter field may list.
    static let maximumValues = 100

    /// The query of `request` for `viewer` (nil: everyone's documents).
    static func query(_ request: Vdxp_Search_V1_SearchDocumentsRequest, viewer: String?) throws(SearchError)
        -> DocumentQuery
    {
        let text = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.codePointCount <= maximumTextLength else {
            throw .invalidField(
                field: "text",
                message: "text is \(text.codePointCount) characters: search with at most \(maximumTextLength)")
        }
        let filter = request.filter
        var query = DocumentQuery(viewer: viewer, text: text)
        query.senders = try organisations(filter.senderOrganisationIds, field: "filter.sender_organisation_ids")
        query.recipients = try organisations(
            filter.recipientOrganisationIds, field: "filter.recipient_organisation_ids")
        query.level1Units = try organisations(filter.level1UnitIds, field: "filter.level1_unit_ids").map {
            JournalProjection.level1(of: $0)
        }
        if filter.hasSentAfter { query.sentAfter = try time(filter.sentAfter, field: "filter.sent_after") }
        if filter.hasSentBefore { query.sentBefore = try time(filter.sentBefore, field: "filter.sent_before") }
        try count(filter.priorities.count, field: "filter.priorities")
        for (i, priority) in filter.priorities.enumerated() where !(0...4).contains(priority) {
            throw .invalidField(
                field: "filter.priorities[\(i)]",
                message: "filter.priorities[\(i)] is \(priority): priorities are edXML's codes 0 to 4")
        }
        query.priorities = filter.priorities
        try count(filter.documentTypes.count, field: "filter.document_types")
        for (i, type) in filter.documentTypes.enumerated() where !(1...4).contains(type) {
            throw .invalidField(
                field: "filter.document_types[\(i)]",
                message: "filter.document_types[\(i)] is \(type): document type codes are 1 (legal normative), "
                    + "2 (administrative), 3 (specialised) and 4 (Party document)")
        }
        query.typeCodes = filter.documentTypes
        query.promulgatedFrom = try day(filter.promulgatedFrom, field: "filter.promulgated_from")
        query.promulgatedTo = try day(filter.promulgatedTo, field: "filter.promulgated_to")
        query.dueFrom = try day(filter.dueFrom, field: "filter.due_from")
        query.dueTo = try day(filter.dueTo, field: "filter.due_to")
        try count(filter.statuses.count, field: "filter.statuses")
        for (i, status) in filter.statuses.enumerated() {
            guard case .UNRECOGNIZED = status else {
                if status == .unspecified {
                    throw .invalidField(
                        field: "filter.statuses[\(i)]",
                        message: "filter.statuses[\(i)] is DOCUMENT_STATUS_UNSPECIFIED: name a status (01 to 16)")
                }
                continue
            }
            throw .invalidField(
                field: "filter.statuses[\(i)]",
                message: "filter.statuses[\(i)] is not a DocumentStatus this platform defines")
        }
        query.statuses = filter.statuses.map { Int32($0.rawValue) }
        try count(filter.businessTypes.count, field: "filter.business_types")
        for (i, type) in filter.businessTypes.enumerated() {
            if case .UNRECOGNIZED = type {
                throw .invalidField(
                    field: "filter.business_types[\(i)]",
                    message: "filter.business_types[\(i)] is not NEW, REVOKE, UPDATE or REPLACE")
            }
        }
        query.businessTypes = filter.businessTypes.map { Int32($0.rawValue) }
        query.failedOnly = filter.failedDeliveriesOnly
        return query
    }

    /// The facets asked for, each once.
    static func facets(_ names: [String]) throws(SearchError) -> [SearchFacet] {
        try count(names.count, field: "facets")
        var facets: [SearchFacet] = []
        for (i, name) in names.enumerated() {
            guard let facet = SearchFacet(rawValue: name) else {
                throw .invalidField(
                    field: "facets[\(i)]",
                    message: "facets[\(i)] is \(name.quotedForSearchMessage): ask for "
                        + SearchFacet.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !facets.contains(facet) { facets.append(facet) }
        }
        return facets
    }

    private static func count(_ count: Int, field: String) throws(SearchError) {
        guard count <= maximumValues else {
            throw .invalidField(field: field, message: "\(field) lists \(count) values: give at most \(maximumValues)")
        }
    }

    private static func organisations(_ ids: [String], field: String) throws(SearchError) -> [String] {
        try count(ids.count, field: field)
        for (i, id) in ids.enumerated() {
            do {
                _ = try OrganisationID(validating: id)
            } catch {
                throw .invalidField(field: "\(field)[\(i)]", message: "\(field)[\(i)]: \(error.message)")
            }
        }
        return ids
    }

    /// A calendar day as `yyyy-MM-dd`; nil for an empty text.
    private static func day(_ text: String, field: String) throws(SearchError) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let date = EdXMLDate.calendarDate(trimmed) else {
            throw .invalidField(
                field: field,
                message: "\(field) is \(trimmed.quotedForSearchMessage): write a day that exists as yyyy-MM-dd, "
                    + "e.g. 2026-09-03")
        }
        return date.iso8601
    }

    private static func time(_ timestamp: Google_Protobuf_Timestamp, field: String) throws(SearchError) -> Date {
        guard (-62_135_596_800...253_402_300_799).contains(timestamp.seconds),
            (0..<1_000_000_000).contains(timestamp.nanos)
        else {
            throw .invalidField(
                field: field, message: "\(field) is not a valid time: years 1 to 9999, nanos 0 to 999,999,999")
        }
        return timestamp.date
    }
}
