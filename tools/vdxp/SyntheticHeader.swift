import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPDevelopment
import VDXPProto

/// The header of a synthetic document the load tools send (`vdxp bench`, `vdxp crash-load`): one recipient, a công
/// văn promulgated in Hà Nội on 2026-01-15, signed now by a machine "signer" — valid under every header rule.
enum SyntheticHeader {
    static func make(
        documentID: String, number: String, notation: String, subject: String, signer: String, priority: Int32 = 0,
        from sender: DevelopmentMember, to recipient: DevelopmentMember
    ) -> Vdxp_Exchange_V1_DocumentHeader {
        .with {
            $0.documentID = documentID
            $0.sender = .with {
                $0.organisationID = sender.organisationID
                $0.name = sender.name
            }
            $0.recipients = [
                .with {
                    $0.organisationID = recipient.organisationID
                    $0.name = recipient.name
                }
            ]
            $0.code = .with {
                $0.number = number
                $0.notation = notation
            }
            $0.promulgation = .with {
                $0.place = "Hà Nội"
                $0.date = "2026-01-15"
            }
            $0.documentType = .with {
                $0.type = 2
                $0.typeName = "Công văn"
            }
            $0.subject = subject
            $0.signer = .with {
                $0.position = "Chuyên viên"
                $0.fullName = signer
            }
            $0.priority = priority
            $0.signingTime = EdXMLDate.iso8601VietnamTime(Date())
        }
    }
}
