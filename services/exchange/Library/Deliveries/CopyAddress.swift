/// A recipient's copy of a document, by document id and recipient: what a status report names (the copy of the latest
/// version sent to that recipient under that id).
struct CopyAddress: Hashable, Comparable, Sendable {
    /// The document id.
    var documentID: String
    /// The recipient's organisation id.
    var recipient: String

    static func < (a: CopyAddress, b: CopyAddress) -> Bool {
        (a.documentID, a.recipient) < (b.documentID, b.recipient)
    }
}
