import VDXPStore

/// Version 7 of the `central` schema: subordinate units carried by a member's connection (Art. 3.3, 8.2.b).
///
/// - `represented_units`: one row per unit, naming the member whose connection carries it, with the operator's
///   reason. A unit's id is never a member's id too (both inserts take ``RepresentedUnitStore/idLock`` and check).
/// - `member_certificates.organisation_id` no longer references `members`: a unit's own seal certificates are kept
///   there too, under the unit's id. Central checks the owner (a member, or a unit for SIGNING certificates) in the
///   transaction that inserts, and removes a unit's certificates with the unit.
enum RepresentedUnitMigration {
    static let version7 = Migration(
        version: 7, name: "represented units (sub-units sending through a member's connection)",
        statements: [
            """
            CREATE TABLE central.represented_units (
                organisation_id text PRIMARY KEY,
                parent_organisation_id text NOT NULL REFERENCES central.members (organisation_id),
                display_name text NOT NULL,
                reason text NOT NULL,
                register_time timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE INDEX represented_units_by_parent
                ON central.represented_units (parent_organisation_id, organisation_id)
            """,
            """
            ALTER TABLE central.member_certificates
                DROP CONSTRAINT member_certificates_organisation_id_fkey
            """,
        ])
}
