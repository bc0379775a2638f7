import VDXPProto

/// What sending a document does to the documents before it, decided once from its header (Art. 15.3, 15.4):
/// ``DocumentLifecycle/plan(for:sender:on:)`` locks and checks the earlier document, `SendDocument` writes the new
/// version where the plan says, and ``DocumentLifecycle/apply(_:by:on:)`` carries out the rest.
enum RevisionPlan: Sendable {
    /// A new document: the first version of a new lineage; nothing else changes.
    case new
    /// A revoking document: its own new lineage; every current copy of `revoked` becomes REVOKED.
    case revoke(revoked: DocumentRow)
    /// An update or replacement (`kind`): the next version of `previous`'s lineage; the recipients it names see
    /// their copy of `previous` SUPERSEDED, the others REMOVED.
    case supersede(previous: DocumentRow, kind: Vdxp_Exchange_V1_BusinessType)

    /// The earlier document the new one acts on, if any.
    var relatedDocument: DocumentRow? {
        switch self {
        case .new: return nil
        case .revoke(let revoked): return revoked
        case .supersede(let previous, _): return previous
        }
    }

    /// The most versions one document has (the first and its updates and replacements, Art. 15.4): 100.
    static let maximumVersions: Int32 = 100

    /// The lineage and version the new document `documentID` is written as.
    func lineage(of documentID: String) -> (lineageID: String, version: Int32) {
        switch self {
        case .new, .revoke: return (documentID, 1)
        case .supersede(let previous, _): return (previous.lineageID, previous.version + 1)
        }
    }
}
