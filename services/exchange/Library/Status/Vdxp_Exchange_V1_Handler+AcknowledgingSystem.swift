import SwiftProtobuf
import VDXPProto

extension Vdxp_Exchange_V1_Handler {
    /// The handler of the automatic 01 ARRIVED (Art. 14.3): nobody at the recipient acted, its document system
    /// acknowledged the delivery over its connection, so the system is named — the organisation id as the unit, so
    /// the sender sees who received the document, and the organisation's name in the directory as the name.
    ///
    /// - Parameters:
    ///   - organisationID: The acknowledging recipient, e.g. `000.00.00.H26`.
    ///   - displayName: Its name in the global configuration; empty when the configuration gives none.
    static func acknowledgingSystem(of organisationID: String, displayName: String) -> Self {
        .with {
            $0.fullName = "document system of \(displayName.isEmpty ? organisationID : displayName)"
            $0.unit = organisationID
            $0.position = "automatic acknowledgement"
        }
    }
}
