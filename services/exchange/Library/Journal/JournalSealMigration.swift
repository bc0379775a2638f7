import VDXPStore

/// Version 9 of the `exchange` schema: the journal's seals (Art. 5.3). One row per seal, keyed by the sequence of the
/// entry it seals; `seal` is the serialized `JournalSeal` (statement exactly as signed, signature, certificates).
enum JournalSealMigration {
    static let version9 = Migration(
        version: 9, name: "the journal's seals: platform signatures over the chain head (Art. 5.3)",
        statements: [
            """
            CREATE TABLE exchange.journal_seals (
                sequence bigint PRIMARY KEY,
                seal bytea NOT NULL,
                seal_time timestamptz NOT NULL
            )
            """
        ])
}
