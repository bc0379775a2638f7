// The signed official document (văn bản điện tử) as it travels through the platform, and how it is signed.
// Fields follow QĐ 28/2018 Art. 10.2 and the edXML standard QCVN 102:2016 (names in brackets).
//
// ## How to sign a document (what an agency's system must do)
//
// 1. Compute the SHA-256 of each attachment's bytes and describe it in an `AttachmentDescriptor`
//    (name, content type, exact size in bytes, the 32-byte digest).
// 2. Fill a `DocumentHeader` with every field of the document, including those descriptors in the order the
//    attachments will be uploaded.
// 3. Serialize the header with your protobuf library (`SerializeToString()` in Python, `toByteArray()` in Java).
//    These bytes are the signed bytes: put them, unchanged, in `SignedDocument.header`. Exchange parses these bytes
//    and never re-serializes them, so any valid protobuf encoding is fine.
// 4. Sign those exact bytes with the organisation's signing key (its seal) in one of the schemes of
//    `vdxp.type.v1.SignatureAlgorithm` — the scheme hashes the bytes itself; do not pre-hash them.
// 5. Put the signature, the scheme and the signing certificate chain (DER, leaf first, optionally followed by
//    intermediates; the root may be omitted) in a `DocumentSignature`.
//
// ## What Exchange checks before accepting (Art. 14.1)
//
// - `header` parses as `DocumentHeader` and is at most 1 MiB; its limits in characters count letters (a letter with
//   its combining marks is one), and each text field also takes at most 8 UTF-8 bytes a letter on average; no
//   string holds U+0000 (INVALID_ARGUMENT naming `document.header.<field>`);
// - at least one signature (1 to 10); every signature verifies over `header` with its leaf certificate's public key;
//   every chain leads to an authority of the global configuration's trust list, is valid at the time of sending,
//   and its leaf allows digitalSignature or nonRepudiation;
// - no certificate signs twice: a signature whose leaf certificate already signed (the same seal or the same signer
//   sent again) is INVALID_ARGUMENT naming `document.signatures[i]`;
// - every signature is one of:
//   - the organisation's signature (its seal): made with a certificate registered in Central as a signing
//     certificate of the sender — the caller's mTLS identity, or the represented unit it sends for
//     (`vdxp-acting-for`, exchange_service.proto), whose own registered seal or its parent member's counts;
//   - a co-issuer's seal (joint document, văn bản liên tịch): a signing certificate registered to the organisation of
//     one of `DocumentHeader.joint_issuers`;
//   - a competent signer's own signature: its leaf's subject common name equals `signer.full_name`, or the
//     `signer.full_name` of a joint issuer;
//   - a countersignature: by any other person of an organisation whose seal signed the document (the leaf's
//     subject `O=`, with its `L=` and `ST=` as above, is that of one of the document's seal certificates), e.g. the
//     head of office who checked it;
//   a signature that is none of these is INVALID_ARGUMENT naming `document.signatures[i]`;
// - a document without the sender's seal is carried for reference only, or refused, by the platform's policy (see
//   "Legal value");
// - the header's fields obey the rules written on each field below;
// - each uploaded attachment has exactly the declared size and SHA-256.
// A document that fails any check is refused whole: nothing is stored and nothing is delivered.
//
// ## Legal value (Art. 11)
//
// Art. 11.1: a document signed by the competent person and by the organisation has the legal value of a paper
// original (`LEGAL_VALUE_LEGALLY_VALID`). Art. 11.2: a document that does not meet those conditions "has value only
// to know and consult information" (`LEGAL_VALUE_REFERENCE_ONLY`) — the article gives it a value, so the platform
// carries it, marked, and says why in `Document.legal_value_reason`. Exchange decides when it accepts the document;
// both sides see it on `Document.legal_value`, and the journal records it.
//
// - LEGALLY_VALID needs the sender's seal and the competent signer named in `signer`, bound to the sending
//   organisation: the signer certificate's subject organisation (`O=`, compared in Unicode canonical composition)
//   must be the `O=` of the sender's registered seal certificate that signed the document, in the same place: where
//   the seal's subject names a locality (`L=`) or a province (`ST=`), the signer's must name the same (organisation
//   names repeat — "Sở Tài chính" is in every province). A certificate with the signer's name but another
//   organisation's `O=` or place (a namesake elsewhere — Vietnamese names are far from unique), or with no `O=`, is
//   accepted but leaves the document for reference only.
// - A joint document (`joint_issuers`) is LEGALLY_VALID only when, besides the above, every joint issuer's seal (a
//   signing certificate registered to it) and its own competent signer (common name its `signer.full_name`, `O=` its
//   seal's) signed too; otherwise it is REFERENCE_ONLY naming who is missing.
// - Countersignatures neither give nor take legal value.
// - Without the sender's seal — signed by the competent signer only: the platform's policy
//   `VDXP_EXCHANGE_UNSEALED_DOCUMENTS` decides: `reference-only` (the default) carries it as REFERENCE_ONLY with the
//   reason "no signature of the sending organisation's seal"; `refuse` answers PERMISSION_DENIED asking for the
//   seal's registration, as before the policy existed. A document signed by neither the sender's seal nor its
//   competent signer (e.g. only with another member's seal) is PERMISSION_DENIED whatever the policy.
//
// ## Dates and times
//
// Times are ISO 8601 in Vietnam time (QĐ 28 Art. 14.4). Exchange also accepts the legacy edXML forms written on
// each field (`yyyy/MM/dd HH:mm:ss`, `dd/MM/yyyy`), reads them as Vietnam time (UTC+07:00), and shows them
// normalised to ISO 8601 in `Document.header`; the signed bytes are never changed.

// DO NOT EDIT.
// swift-format-ignore-file
// swiftlint:disable all
//
// Generated by the gRPC Swift generator plugin for the protocol buffer compiler.
// Source: vdxp/exchange/v1/document.proto
//
// For information on using the generated types, please see the documentation:
//   https://github.com/grpc/grpc-swift

// This file contained no services.