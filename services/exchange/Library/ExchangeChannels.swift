/// The PostgreSQL NOTIFY channels Exchange uses. A notification only says "look again".
enum ExchangeChannels {
    /// A delivery became available; payload: the recipient's organisation id.
    static let inbox = "exchange_inbox"
    /// A recipient's state changed; payload: the document id.
    static let status = "exchange_status"
    /// New journal entries wait to be chained.
    static let journalPending = "exchange_journal_pending"
    /// New journal entries were chained.
    static let journalChained = "exchange_journal"

    static let all = [inbox, status, journalPending, journalChained]
}
