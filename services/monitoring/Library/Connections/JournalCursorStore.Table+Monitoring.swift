import VDXPRuntime

extension JournalCursorStore.Table {
    /// Monitoring's cursor (`monitoring.journal_cursor`): the last entry applied, when Exchange recorded it and when
    /// Monitoring applied it (`apply_time`, columns of migration 9).
    static let monitoring = Self(schema: "monitoring", appliedTimeColumn: "apply_time")
}
