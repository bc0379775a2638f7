import VDXPRuntime

extension JournalCursorStore.Table {
    /// Search's cursor (`search.journal_cursor`): the last entry indexed, when Exchange recorded it and when Search
    /// indexed it (`index_time`, shown by `GetIndexStatus`).
    static let search = Self(schema: "search", appliedTimeColumn: "index_time")
}
