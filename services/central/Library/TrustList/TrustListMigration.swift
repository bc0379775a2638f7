import VDXPStore

/// Version 6 of the `central` schema: the trust list checked fully (Art. 6.5, 7).
///
/// - `trusted_authorities.category`: which certification service each authority is (`AuthorityCategory`: 1 the
///   specialised government CA, 2 a public CA). Authorities trusted before version 6 are taken as GOVERNMENT — the
///   trust list held Ban Cơ yếu Chính phủ's CA until then — and the operator re-adds a public CA under its category
///   (retire, then add) if one was on the list.
/// - `revocation_lists`: each trusted authority's latest certificate revocation list as uploaded and verified, with
///   its revoked serial numbers (lowercase hexadecimal) ready for the global configuration.
enum TrustListMigration {
    static let version6 = Migration(
        version: 6, name: "authority categories, certificate revocation lists",
        statements: [
            "ALTER TABLE central.trusted_authorities ADD COLUMN category smallint NOT NULL DEFAULT 1",
            "ALTER TABLE central.trusted_authorities ALTER COLUMN category DROP DEFAULT",
            """
            CREATE TABLE central.revocation_lists (
                authority_fingerprint text PRIMARY KEY REFERENCES central.trusted_authorities (fingerprint),
                crl_der bytea NOT NULL,
                this_update timestamptz NOT NULL,
                next_update timestamptz,
                crl_number bigint NOT NULL,
                revoked_serials text[] NOT NULL,
                upload_time timestamptz NOT NULL DEFAULT now()
            )
            """,
        ])

    /// Version 8: CRLs fetched by Central (Art. 7.3). `revocation_list_url` is where an authority publishes its CRL
    /// (`SetRevocationListUrl`); `revocation_list_check_time` and `revocation_list_check_error` record the last
    /// attempt, so that the operator sees a list that stopped refreshing.
    static let version8 = Migration(
        version: 8, name: "revocation list URLs and their last check",
        statements: [
            """
            ALTER TABLE central.trusted_authorities
                ADD COLUMN revocation_list_url text,
                ADD COLUMN revocation_list_check_time timestamptz,
                ADD COLUMN revocation_list_check_error text
            """
        ])
}
