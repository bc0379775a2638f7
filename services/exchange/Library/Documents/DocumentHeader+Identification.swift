import SwiftProtobuf
import VDXPProto

extension Vdxp_Exchange_V1_DocumentHeader {
    /// What a recipient whose copy the sender retracted (Art. 15.1) still sees of the header: only what identifies
    /// the document — its id, sender, number and notation, promulgation, type, and business type with the related
    /// document — so that its system can find its record and mark it; no subject, content, signer or attachments.
    var identificationOnly: Self {
        .with {
            $0.documentID = documentID
            if hasSender { $0.sender = sender }
            if hasCode { $0.code = code }
            if hasPromulgation { $0.promulgation = promulgation }
            if hasDocumentType { $0.documentType = documentType }
            $0.businessType = businessType
            $0.relatedDocumentID = relatedDocumentID
        }
    }
}
