public import VDXPProto

extension OrganisationID {
    /// What kind of organisation an id names, from its form alone (Art. 3.5).
    public enum Kind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
        /// A Party or State body or a socio-political organisation, with a QĐ 20/2020 dotted id such as
        /// `000.00.00.G22` (Art. 3.5.a).
        case stateAgency = "state-agency"

        /// An enterprise or cooperative, with its 10-digit enterprise code (Art. 3.5.b).
        case enterprise

        /// A citizen or other person, with the 12-digit personal identification number (Art. 3.5.c).
        case individual

        /// The kind's stable name: `state-agency`, `enterprise` or `individual`.
        public var description: String {
            self.rawValue
        }

        /// The same kind in the contract (`vdxp.central.v1.OrganisationKind`).
        public var proto: Vdxp_Central_V1_OrganisationKind {
            switch self {
            case .stateAgency: return .stateAgency
            case .enterprise: return .enterprise
            case .individual: return .individual
            }
        }
    }
}
