import VDXPStore

/// Version 5 of the `central` schema: what a member's connection lifecycle remembers (Art. 8.3, 9.4, 9.5).
///
/// - `state_before_suspension`: the state a suspension interrupted (TRIAL or OFFICIAL), kept apart from
///   `state_before`, which from now on is the state a cut-off interrupted (TRIAL, OFFICIAL or SUSPENDED). Before
///   version 5 one column held both, so a member cut off while suspended had lost its pre-suspension state; it is
///   recovered from the audit trail: a member never made official was in TRIAL.
/// - `trial_interrupted_seconds`, `trial_interrupted_since`: the time a trial member spent suspended or cut off, which
///   does not count toward its week (``TrialPeriod``). A trial interrupted at the upgrade is taken as interrupted from
///   the first suspension or cut-off audited since its last resumption or reconnection (else from its last state
///   change); interruptions that ended before the upgrade are not recovered and count as trial.
enum MemberLifecycleMigration {
    static let version5 = Migration(
        version: 5, name: "state before a suspension apart from the state before a cut-off; trial interruptions",
        statements: [
            """
            ALTER TABLE central.members
                ADD COLUMN state_before_suspension smallint,
                ADD COLUMN trial_interrupted_seconds double precision NOT NULL DEFAULT 0,
                ADD COLUMN trial_interrupted_since timestamptz
            """,
            // States as numbers: OFFICIAL 1, CUT_OFF 2, TRIAL 4, SUSPENDED 5.
            """
            UPDATE central.members m SET state_before_suspension =
                CASE WHEN m.state = 5 THEN m.state_before
                     WHEN EXISTS (SELECT 1 FROM central.audit_log a
                                  WHERE a.target = m.organisation_id AND a.action = 'make_official') THEN 1
                     ELSE 4 END
            WHERE m.state = 5 OR (m.state = 2 AND m.state_before = 5)
            """,
            """
            UPDATE central.members m SET trial_interrupted_since = coalesce(
                (SELECT min(a.record_time) FROM central.audit_log a
                 WHERE a.target = m.organisation_id AND a.action IN ('suspend_member', 'cut_off_member')
                   AND a.record_time >= coalesce(
                       (SELECT max(b.record_time) FROM central.audit_log b
                        WHERE b.target = m.organisation_id AND b.action IN ('resume_member', 'reconnect_member')),
                       m.trial_start_time)),
                m.state_time)
            WHERE m.trial_start_time IS NOT NULL
              AND ((m.state = 5 AND m.state_before_suspension = 4)
                   OR (m.state = 2 AND (m.state_before = 4 OR (m.state_before = 5 AND m.state_before_suspension = 4))))
            """,
        ])
}
