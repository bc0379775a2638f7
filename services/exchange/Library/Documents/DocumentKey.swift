/// One version of a document: its id and its version in its lineage (Art. 15.4). An UPDATE may keep its document's
/// id, so the id alone names every version sent under it; the pair names exactly one.
struct DocumentKey: Hashable, Sendable {
    var documentID: String
    var version: Int32
}
