/// Who is calling, decided from the client certificate of the mutual-TLS connection (docs/design.md, "Identities").
public enum CallerIdentity: Sendable, Hashable, CustomStringConvertible {
    /// An agency's system: its connection certificate is registered to this organisation id in the global
    /// configuration.
    case member(organisationID: String)
    /// One of the platform's own services (`service:<name>` certificate from the platform CA).
    case service(name: String)
    /// A person or tool of the operating unit (`operator:<name>` certificate from the platform CA).
    case `operator`(name: String)
    /// An inspector or auditor of the platform (`auditor:<name>` certificate from the platform CA): reads what the
    /// operator reads where a service says so (Search, Report), and changes nothing anywhere.
    case auditor(name: String)

    public var description: String {
        switch self {
        case .member(let id): "member \(id)"
        case .service(let name): "service \(name)"
        case .operator(let name): "operator \(name)"
        case .auditor(let name): "auditor \(name)"
        }
    }

    /// The organisation id if the caller is a member.
    public var organisationID: String? {
        if case .member(let id) = self { return id }
        return nil
    }
}
