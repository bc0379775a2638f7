import VDXPRuntime

extension JournalCursorStore.Table {
    /// Report's cursor (`report.journal_cursor`): the last entry counted, when Exchange recorded it and when Report
    /// counted it (`count_time`, shown by `GetReportStatus`).
    static let report = Self(schema: "report", appliedTimeColumn: "count_time")
}
