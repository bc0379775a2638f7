public import GRPCCore

extension GlobalConfigurationStore {
    /// The caller of the RPC being handled, as the organisation the call is made for: a member's system that names a
    /// represented unit in `vdxp-acting-for` (Art. 3.3, 8.2.b) calls as that unit — it searches, and reads the figures
    /// of, the unit's documents, as Exchange sends and receives them as the unit's. Any other caller as it is; nil
    /// outside a call.
    ///
    /// - Throws: PERMISSION_DENIED when the unit is not registered under the calling member in the global
    ///   configuration (the same refusal Exchange gives); UNAVAILABLE when no valid configuration is held.
    public func callerActingFor() throws(RPCError) -> CallerIdentity? {
        guard let context = RequestContext.current, let caller = context.caller else { return nil }
        guard let unit = context.actingFor, let member = caller.organisationID else { return caller }
        let snapshot: GlobalConfigurationSnapshot
        do {
            snapshot = try valid()
        } catch {
            throw RPCError(error)
        }
        guard snapshot.parent(ofUnit: unit) == member else {
            throw RPCError(
                code: .permissionDenied,
                message: "\(unit) is not a unit registered under member \(member), so \(member)'s system cannot act "
                    + "for it (vdxp-acting-for): ask the operator to register it (Central RegisterRepresentedUnit), or "
                    + "leave the metadata out to act as \(member)")
        }
        return .member(organisationID: unit)
    }
}
