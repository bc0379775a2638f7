#!/usr/bin/env python3
"""A VDXP Exchange client written from the .proto files alone (Python grpcio + cryptography).

It shows what an agency's document system does to send a signed document through the National Document Exchange
Platform, and checks that Exchange refuses the document when it was tampered with or signed under an untrusted CA:

  1. compile proto/ into Python modules (grpc_tools.protoc, into a temporary directory);
  2. connect to Exchange with mutual TLS (the member's connection certificate, the platform CA as trust root);
  3. build a DocumentHeader with one 2.5 MiB attachment (its size and SHA-256), serialize it, sign those exact bytes
     with the member's signing key, and send it with SendDocument: the SignedDocument first, then the attachment in
     chunks of at most 1 MiB; Exchange must answer OK;
  4. send four more documents that Exchange must refuse: one byte of the header changed, one byte of an attachment
     changed, one byte of the signature changed, and a document signed with a certificate from a CA that is not on
     the platform's trust list; none of them may be stored;
  5. with --recipient-cert/--recipient-key: as the recipient, fetch the inbox, verify the signature of the received
     bytes, download and check the attachment, acknowledge, report 03 REGISTERED; then, as the sender, see the
     status with GetDocument.

Every step prints one JSON line. The exit status is 0 only if every expectation held.

    python3 vdxp_client.py --exchange 127.0.0.1:50051 --ca platform-ca.pem \
        --cert connection.pem --key connection-key.pem \
        --signing-key signing-key.pem --signing-chain signing-chain.pem --algorithm rsa-pss-sha256 \
        --sender "000.00.00.G22=Văn phòng Chính phủ" --recipient "000.00.00.H26=UBND Thành phố Hà Nội"

Requires Python 3.9+ and `pip install grpcio grpcio-tools cryptography`.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime
import hashlib
import importlib
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path

import grpc
from google.protobuf import duration_pb2, timestamp_pb2
from google.rpc import error_details_pb2, status_pb2
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

# A gRPC message is at most 4 MiB; attachment chunks carry 1 byte to 1 MiB (exchange_service.proto).
CHUNK_BYTES = 1024 * 1024
# 2.5 MiB of random bytes: three chunks (1 MiB, 1 MiB, 0.5 MiB).
ATTACHMENT_BYTES = 2 * CHUNK_BYTES + CHUNK_BYTES // 2
# Promulgation dates are compared with today in Vietnam time (UTC+7, no daylight saving).
VIETNAM = datetime.timezone(datetime.timedelta(hours=7), "ICT")
RPC_TIMEOUT_SECONDS = 60
# Codes that mean the server failed or was unreachable, not that it refused the document.
NOT_A_REFUSAL = {
    grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED, grpc.StatusCode.UNIMPLEMENTED,
}


# --- The protobuf modules, compiled from proto/ at start-up ------------------------------------------------------

def compile_protos(proto_root: Path, output: Path):
    """Compiles every .proto under proto_root/vdxp into `output` and returns the modules this client uses."""
    from grpc_tools import protoc  # noqa: PLC0415 - only needed here
    try:
        import importlib.resources as resources
        well_known = str(resources.files("grpc_tools") / "_proto")  # google/protobuf/*.proto
    except (ImportError, AttributeError):  # Python < 3.9
        import pkg_resources
        well_known = pkg_resources.resource_filename("grpc_tools", "_proto")
    files = sorted(str(path.relative_to(proto_root)) for path in (proto_root / "vdxp").rglob("*.proto"))
    if not files:
        raise SystemExit(f"no .proto files under {proto_root / 'vdxp'}: pass --proto <repository>/proto")
    status = protoc.main([
        "grpc_tools.protoc", f"-I{proto_root}", f"-I{well_known}",
        f"--python_out={output}", f"--grpc_python_out={output}", *files,
    ])
    if status != 0:
        raise SystemExit(f"protoc failed ({status}) compiling {proto_root}")
    sys.path.insert(0, str(output))
    return Protos(
        document=importlib.import_module("vdxp.exchange.v1.document_pb2"),
        delivery=importlib.import_module("vdxp.exchange.v1.delivery_pb2"),
        service=importlib.import_module("vdxp.exchange.v1.exchange_service_pb2"),
        grpc=importlib.import_module("vdxp.exchange.v1.exchange_service_pb2_grpc"),
        signature=importlib.import_module("vdxp.type.v1.signature_pb2"),
    )


@dataclasses.dataclass
class Protos:
    document: object   # DocumentHeader, SignedDocument, DocumentSignature, AttachmentDescriptor, ...
    delivery: object   # Document, Delivery, DocumentStatus, Handler, ...
    service: object    # SendDocumentRequest, AttachmentChunk, FetchInboxRequest, ...
    grpc: object       # ExchangeServiceStub
    signature: object  # SignatureAlgorithm


# --- Signature schemes (vdxp.type.v1.SignatureAlgorithm) -----------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Scheme:
    enum_name: str          # the SignatureAlgorithm value
    hash: type              # hashes.SHA256, ...
    kind: str               # "pkcs1", "pss" or "ecdsa"
    curve: type | None = None

    def sign(self, key, data: bytes) -> bytes:
        """Signs `data` itself (the scheme hashes it; never pre-hash)."""
        if self.kind == "ecdsa":
            if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, self.curve):
                raise SystemExit(f"{self.enum_name} needs an EC {self.curve.name} signing key")
            return key.sign(data, ec.ECDSA(self.hash()))  # DER ECDSA-Sig-Value
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SystemExit(f"{self.enum_name} needs an RSA signing key")
        return key.sign(data, self._padding(), self.hash())

    def verify(self, public_key, signature: bytes, data: bytes) -> None:
        """Raises InvalidSignature unless `signature` is valid over `data`."""
        if self.kind == "ecdsa":
            public_key.verify(signature, data, ec.ECDSA(self.hash()))
        else:
            public_key.verify(signature, data, self._padding(), self.hash())

    def _padding(self):
        if self.kind == "pss":
            # MGF1 over the same digest, salt as long as the digest (signature.proto).
            return padding.PSS(mgf=padding.MGF1(self.hash()), salt_length=padding.PSS.DIGEST_LENGTH)
        return padding.PKCS1v15()


SCHEMES = {
    "rsa-pkcs1v15-sha256": Scheme("SIGNATURE_ALGORITHM_RSA_PKCS1_SHA256", hashes.SHA256, "pkcs1"),
    "rsa-pkcs1v15-sha384": Scheme("SIGNATURE_ALGORITHM_RSA_PKCS1_SHA384", hashes.SHA384, "pkcs1"),
    "rsa-pkcs1v15-sha512": Scheme("SIGNATURE_ALGORITHM_RSA_PKCS1_SHA512", hashes.SHA512, "pkcs1"),
    "rsa-pss-sha256": Scheme("SIGNATURE_ALGORITHM_RSA_PSS_SHA256", hashes.SHA256, "pss"),
    "rsa-pss-sha384": Scheme("SIGNATURE_ALGORITHM_RSA_PSS_SHA384", hashes.SHA384, "pss"),
    "rsa-pss-sha512": Scheme("SIGNATURE_ALGORITHM_RSA_PSS_SHA512", hashes.SHA512, "pss"),
    "ecdsa-p256-sha256": Scheme("SIGNATURE_ALGORITHM_ECDSA_P256_SHA256", hashes.SHA256, "ecdsa", ec.SECP256R1),
    "ecdsa-p384-sha384": Scheme("SIGNATURE_ALGORITHM_ECDSA_P384_SHA384", hashes.SHA384, "ecdsa", ec.SECP384R1),
}


def scheme_for_enum(value: int, protos: Protos) -> Scheme | None:
    name = protos.signature.SignatureAlgorithm.Name(value)
    return next((scheme for scheme in SCHEMES.values() if scheme.enum_name == name), None)


# --- Building, signing and sending a document ----------------------------------------------------------------------

@dataclasses.dataclass
class Organisation:
    organisation_id: str
    name: str

    @staticmethod
    def parse(text: str) -> "Organisation":
        """`ID` or `ID=Name`."""
        organisation_id, _, name = text.partition("=")
        return Organisation(organisation_id.strip(), name.strip() or organisation_id.strip())


@dataclasses.dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclasses.dataclass
class Signer:
    key: object              # the private key of the signing (seal) certificate
    scheme: Scheme
    chain: list[bytes]       # DER, leaf first


def build_header(protos: Protos, sender: Organisation, recipients: list[Organisation], number: str,
                 notation: str, attachments: list[Attachment], business_type: int = 0, related_document_id: str = "",
                 business_reason: str = ""):
    """A DocumentHeader following the rules on each field of document.proto (business_type 0 NEW; 1 REVOKE,
    2 UPDATE, 3 REPLACE name the earlier document in related_document_id, with a reason)."""
    d = protos.document
    now = datetime.datetime.now(VIETNAM).replace(microsecond=0)
    today = now.date()
    return d.DocumentHeader(
        # `{sender},{year},{number}/{notation}`; the last part equals code.number + "/" + code.notation.
        document_id=f"{sender.organisation_id},{today.year},{number}/{notation}",
        sender=d.Organisation(organisation_id=sender.organisation_id, name=sender.name),
        recipients=[d.Organisation(organisation_id=r.organisation_id, name=r.name) for r in recipients],
        code=d.DocumentCode(number=number, notation=notation),
        promulgation=d.PromulgationInfo(place="Hà Nội", date=today.isoformat()),  # yyyy-MM-dd, not after today
        document_type=d.DocumentType(type=2, type_name="Công văn"),  # 2: administrative document
        subject="Về việc thử nghiệm liên thông từ hệ thống Python (interop)",
        signer=d.SignerInfo(competence="TL. Bộ trưởng", position="Chánh Văn phòng", full_name="Nguyễn Văn An"),
        priority=0,
        signing_time=now.isoformat(),  # ISO 8601 with the +07:00 offset, e.g. 2026-09-03T17:00:00+07:00
        business_type=business_type,
        related_document_id=related_document_id,
        business_reason=business_reason,
        attachments=[
            d.AttachmentDescriptor(
                name=a.name, content_type=a.content_type, size_bytes=len(a.data),
                sha256=hashlib.sha256(a.data).digest())
            for a in attachments
        ],
    )


def sign(protos: Protos, header_bytes: bytes, signer: Signer):
    """The SignedDocument: the exact header bytes and one signature over them."""
    signature = protos.document.DocumentSignature(
        algorithm=protos.signature.SignatureAlgorithm.Value(signer.scheme.enum_name),
        signature=signer.scheme.sign(signer.key, header_bytes),
        certificate_chain=signer.chain,
    )
    return protos.document.SignedDocument(header=header_bytes, signatures=[signature])


def send_requests(protos: Protos, signed_document, attachments: list[Attachment]) -> list:
    """The SendDocument stream: the SignedDocument, then each attachment in header order, in chunks ≤ 1 MiB."""
    s = protos.service
    requests = [s.SendDocumentRequest(document=signed_document)]
    for index, attachment in enumerate(attachments):
        for offset in range(0, len(attachment.data), CHUNK_BYTES):
            chunk = s.AttachmentChunk(attachment_index=index, data=attachment.data[offset:offset + CHUNK_BYTES])
            requests.append(s.SendDocumentRequest(chunk=chunk))
    return requests


def flip(data: bytes, index: int, bit: int = 0x01) -> bytes:
    """`data` with one byte changed."""
    changed = bytearray(data)
    changed[index] ^= bit
    return bytes(changed)


# --- Certificates --------------------------------------------------------------------------------------------------

def load_chain(pem_file: str) -> list[x509.Certificate]:
    certificates = x509.load_pem_x509_certificates(Path(pem_file).read_bytes())
    if not certificates:
        raise SystemExit(f"{pem_file} holds no certificate")
    return certificates


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def untrusted_signer(scheme: Scheme, impersonated: x509.Certificate) -> Signer:
    """A fresh self-signed CA (on no trust list) and a seal certificate it issues, with the subject of the real one."""
    def new_key():
        if scheme.kind == "ecdsa":
            return ec.generate_private_key(scheme.curve())
        return rsa.generate_private_key(public_exponent=65537, key_size=2048 if scheme.hash is hashes.SHA256 else 3072)

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, leaf_key = new_key(), new_key()
    ca_name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Not a trusted authority"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Self-signed test CA"),
    ])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(impersonated.subject).issuer_name(ca_name).public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(  # digitalSignature + nonRepudiation (content_commitment): a document seal
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False),
            critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return Signer(key=leaf_key, scheme=scheme, chain=[der(leaf), der(ca)])


def verify_signed_document(protos: Protos, signed_document, trusted: list[x509.Certificate]) -> list[str]:
    """What a recipient checks itself on received bytes (Art. 14.1); returns the problems found."""
    problems = []
    if not signed_document.signatures:
        problems.append("no signature")
    now = datetime.datetime.now(datetime.timezone.utc)
    for index, signature in enumerate(signed_document.signatures):
        scheme = scheme_for_enum(signature.algorithm, protos)
        if scheme is None:
            problems.append(f"signatures[{index}]: unknown algorithm {signature.algorithm}")
            continue
        chain = [x509.load_der_x509_certificate(c) for c in signature.certificate_chain]
        if not chain:
            problems.append(f"signatures[{index}]: empty certificate chain")
            continue
        leaf = chain[0]
        try:
            scheme.verify(leaf.public_key(), signature.signature, signed_document.header)
        except InvalidSignature:
            problems.append(f"signatures[{index}]: does not verify over the header with the leaf's key")
        for certificate in chain:
            if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
                problems.append(f"signatures[{index}]: {certificate.subject.rfc4514_string()} is not valid now")
        try:
            usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            usage = None
        if usage is None or not (usage.digital_signature or usage.content_commitment):
            problems.append(f"signatures[{index}]: the leaf allows neither digitalSignature nor nonRepudiation")
        # Each certificate is issued by the next; the last by a trusted authority (or is one). A production system
        # takes the trusted authorities from the global configuration and also checks revocation.
        for child, parent in zip(chain, chain[1:]):
            try:
                child.verify_directly_issued_by(parent)
            except (ValueError, TypeError, InvalidSignature):
                problems.append(f"signatures[{index}]: {child.subject.rfc4514_string()} is not issued by the next")
        if trusted:
            last = chain[-1]
            anchored = False
            for anchor in trusted:
                if der(anchor) == der(last):
                    anchored = True
                    break
                try:
                    last.verify_directly_issued_by(anchor)
                    anchored = True
                    break
                except (ValueError, TypeError, InvalidSignature):
                    pass
            if not anchored:
                problems.append(f"signatures[{index}]: the chain does not lead to a trusted authority")
    return problems


# --- Reporting -----------------------------------------------------------------------------------------------------

class Report:
    """Prints one JSON line per step and remembers which failed."""

    def __init__(self):
        self.failed: list[str] = []

    def step(self, name: str, ok: bool, /, **details) -> bool:
        print(json.dumps({"step": name, "ok": ok, **details}, ensure_ascii=False, default=str), flush=True)
        if not ok:
            self.failed.append(name)
        return ok


def rpc_error(error: grpc.RpcError) -> dict:
    return {"code": error.code().name, "message": error.details()}


# --- The scenario --------------------------------------------------------------------------------------------------

class _CallDetails(collections.namedtuple(
        "_CallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
        grpc.ClientCallDetails):
    pass


class ActingFor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Names, on every call, the represented unit the member's system calls for (metadata `vdxp-acting-for`,
    exchange_service.proto "Acting for a represented unit"): Exchange then treats the call as the unit's."""

    def __init__(self, unit: str):
        self.unit = unit

    def _details(self, details):
        metadata = list(details.metadata or []) + [("vdxp-acting-for", self.unit)]
        return _CallDetails(details.method, details.timeout, metadata, details.credentials,
                            details.wait_for_ready, details.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._details(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._details(details), requests)


def channel(address: str, ca: bytes, cert_file: str, key_file: str, acting_for: str | None = None) -> grpc.Channel:
    credentials = grpc.ssl_channel_credentials(
        root_certificates=ca, private_key=Path(key_file).read_bytes(),
        certificate_chain=Path(cert_file).read_bytes())
    secure = grpc.secure_channel(address, credentials)
    return grpc.intercept_channel(secure, ActingFor(acting_for)) if acting_for else secure


def expect_refused(report: Report, name: str, stub, protos: Protos, requests: list, document_id: str) -> None:
    """Sends `requests`, which Exchange must refuse, then checks nothing was stored under `document_id`."""
    try:
        response = stub.SendDocument(iter(requests), timeout=RPC_TIMEOUT_SECONDS)
        report.step(name, False, document_id=document_id, error="Exchange accepted it",
                    duplicate=response.duplicate)
    except grpc.RpcError as error:
        report.step(name, error.code() not in NOT_A_REFUSAL, document_id=document_id, **rpc_error(error))
    try:
        stub.GetDocument(protos.service.GetDocumentRequest(document_id=document_id), timeout=RPC_TIMEOUT_SECONDS)
        report.step(f"{name}: nothing stored", False, document_id=document_id, error="GetDocument found it")
    except grpc.RpcError as error:
        report.step(f"{name}: nothing stored", error.code() == grpc.StatusCode.NOT_FOUND, **rpc_error(error))


def run(arguments: argparse.Namespace, protos: Protos, report: Report) -> None:
    s, d, v = protos.service, protos.document, protos.delivery
    scheme = SCHEMES[arguments.algorithm]
    signing_chain = load_chain(arguments.signing_chain)
    signing_key = serialization.load_pem_private_key(Path(arguments.signing_key).read_bytes(), password=None)
    signer = Signer(key=signing_key, scheme=scheme, chain=[der(c) for c in signing_chain])
    sender = Organisation.parse(arguments.sender)
    recipients = [Organisation.parse(text) for text in arguments.recipient]
    ca = Path(arguments.ca).read_bytes()
    base = int(arguments.number) if arguments.number else secrets.randbelow(900_000_000) + 100_000_000
    notation = arguments.notation

    attachment = Attachment("cong-van.bin", "application/octet-stream", os.urandom(ATTACHMENT_BYTES))
    attachments = [attachment]

    def document(offset: int, signed_by: Signer = signer, **lifecycle):
        header = build_header(protos, sender, recipients, str(base + offset), notation, attachments, **lifecycle)
        header_bytes = header.SerializeToString()  # these exact bytes are signed and sent
        return header, sign(protos, header_bytes, signed_by)

    with channel(arguments.exchange, ca, arguments.cert, arguments.key, arguments.acting_for) as sending:
        exchange = protos.grpc.ExchangeServiceStub(sending)

        # 1. A correctly signed document is accepted.
        header, signed = document(0)
        requests = send_requests(protos, signed, attachments)
        try:
            response = exchange.SendDocument(iter(requests), timeout=RPC_TIMEOUT_SECONDS)
        except grpc.RpcError as error:
            report.step("send", False, document_id=header.document_id, **rpc_error(error))
            return
        recipient_states = {r.recipient_organisation_id: v.DeliveryState.Name(r.delivery_state)
                            for r in response.document.recipients}
        report.step(
            "send",
            response.document.document_id == header.document_id and not response.duplicate
            and recipient_states == {r.organisation_id: "DELIVERY_STATE_QUEUED" for r in recipients},
            document_id=response.document.document_id, duplicate=response.duplicate,
            recipients=recipient_states, chunks=len(requests) - 1, attachment_bytes=len(attachment.data),
            algorithm=scheme.enum_name)

        # Each recipient's state names by when it must acknowledge (Art. 13.2), and the answer states the legal value
        # with its reason: sealed without the competent signer's own signature, the document is for reference only.
        waiting = list(response.document.recipients)
        report.step(
            "send answer names the acknowledge deadline and the legal value",
            bool(waiting) and all(r.HasField("acknowledge_deadline") and r.fail_reason == 0 for r in waiting)
            and response.document.legal_value == v.LEGAL_VALUE_REFERENCE_ONLY
            and response.document.legal_value_reason != "",
            deadlines=[r.acknowledge_deadline.ToJsonString() for r in waiting],
            legal_value=v.LegalValue.Name(response.document.legal_value),
            legal_value_reason=response.document.legal_value_reason)

        # Sending exactly the same bytes again is answered with the original document and duplicate = true.
        try:
            again = exchange.SendDocument(iter(requests), timeout=RPC_TIMEOUT_SECONDS)
            report.step("resend identical", again.duplicate and again.document.document_id == header.document_id,
                        duplicate=again.duplicate)
        except grpc.RpcError as error:
            report.step("resend identical", False, **rpc_error(error))

        # 2. One byte of the header changed (inside the subject, so it still parses and validates), same signature.
        refused = []
        tampered_header, tampered = document(1)
        position = tampered.header.find("interop".encode())
        tampered.header = flip(tampered.header, position, 0x20)  # 'i' → 'I'
        expect_refused(report, "refuse changed header byte", exchange, protos,
                       send_requests(protos, tampered, attachments), tampered_header.document_id)
        refused.append(tampered_header.document_id)

        # 3. One byte of the attachment changed in transit (in the second chunk).
        tampered_header, tampered = document(2)
        requests = send_requests(protos, tampered, attachments)
        chunk = requests[2].chunk
        requests[2] = s.SendDocumentRequest(chunk=s.AttachmentChunk(
            attachment_index=chunk.attachment_index, data=flip(chunk.data, len(chunk.data) // 2)))
        expect_refused(report, "refuse changed attachment byte", exchange, protos, requests,
                       tampered_header.document_id)
        refused.append(tampered_header.document_id)

        # 4. One byte of the signature changed.
        tampered_header, tampered = document(3)
        tampered.signatures[0].signature = flip(tampered.signatures[0].signature, -1)
        expect_refused(report, "refuse changed signature byte", exchange, protos,
                       send_requests(protos, tampered, attachments), tampered_header.document_id)
        refused.append(tampered_header.document_id)

        # 5. Signed with a certificate that does not chain to a trusted CA.
        tampered_header, tampered = document(4, signed_by=untrusted_signer(scheme, signing_chain[0]))
        expect_refused(report, "refuse untrusted CA", exchange, protos,
                       send_requests(protos, tampered, attachments), tampered_header.document_id)
        refused.append(tampered_header.document_id)

        # 5b. The same seal signature sent twice (Art. 11): each certificate signs once, and the repeat is named.
        tampered_header, tampered = document(7)
        tampered.signatures.append(tampered.signatures[0])
        try:
            exchange.SendDocument(iter(send_requests(protos, tampered, attachments)), timeout=RPC_TIMEOUT_SECONDS)
            report.step("refuse a seal signing twice", False, error="Exchange accepted it")
        except grpc.RpcError as error:
            fields = bad_request_fields(error)
            report.step("refuse a seal signing twice",
                        error.code() == grpc.StatusCode.INVALID_ARGUMENT and fields == ["document.signatures[1]"],
                        fields=fields, **rpc_error(error))
        refused.append(tampered_header.document_id)

        if not (arguments.recipient_cert and arguments.recipient_key):
            return

        # 6. The recipient receives the document, checks it, acknowledges and registers it.
        me = recipients[0].organisation_id
        with channel(arguments.exchange, ca, arguments.recipient_cert, arguments.recipient_key) as receiving:
            inbox = protos.grpc.ExchangeServiceStub(receiving)
            delivery, seen = None, []
            for _ in range(10):  # the inbox may hold older deliveries; lease until ours comes or nothing is left
                fetched = inbox.FetchInbox(
                    s.FetchInboxRequest(max_deliveries=100, lease_duration=duration_pb2.Duration(seconds=60)),
                    timeout=RPC_TIMEOUT_SECONDS).deliveries
                seen += [item.document_id for item in fetched]
                delivery = next((item for item in fetched if item.document_id == header.document_id), None)
                if delivery is not None or not fetched:
                    break
            if not report.step("fetch inbox", delivery is not None and not set(refused) & set(seen),
                               as_recipient=me, document_ids=seen):
                return

            received = d.DocumentHeader.FromString(delivery.signed_document.header)
            trusted = load_chain(arguments.signing_ca) if arguments.signing_ca else []
            problems = verify_signed_document(protos, delivery.signed_document, trusted)
            if received.document_id != header.document_id or delivery.signed_document.header != signed.header:
                problems.append("the received header is not the one that was sent")
            if received.sender.organisation_id != delivery.sender_organisation_id:
                problems.append("the header's sender is not the delivery's sender")
            report.step("verify received signature", not problems, problems=problems,
                        chain_checked_against_trust_anchor=bool(trusted))

            for index, descriptor in enumerate(received.attachments):
                digest, size, offsets_ok, first = hashlib.sha256(), 0, True, None
                data = bytearray()
                for part in inbox.DownloadAttachment(
                        s.DownloadAttachmentRequest(document_id=received.document_id, attachment_index=index),
                        timeout=RPC_TIMEOUT_SECONDS):
                    if first is None:
                        first = part.descriptor
                    offsets_ok = offsets_ok and part.offset == size
                    digest.update(part.data)
                    data += part.data
                    size += len(part.data)
                report.step(
                    f"download attachment {index}",
                    offsets_ok and size == descriptor.size_bytes and digest.digest() == descriptor.sha256
                    and first == descriptor and bytes(data) == attachments[index].data,
                    name=descriptor.name, bytes=size, sha256=digest.hexdigest())

            acknowledged = inbox.AcknowledgeDelivery(
                s.AcknowledgeDeliveryRequest(delivery_id=delivery.delivery_id), timeout=RPC_TIMEOUT_SECONDS)
            report.step("acknowledge", acknowledged.state == v.DELIVERY_STATE_ACKNOWLEDGED,
                        delivery_id=acknowledged.delivery_id, state=v.DeliveryState.Name(acknowledged.state))

            state = inbox.UpdateDocumentStatus(s.UpdateDocumentStatusRequest(
                document_id=received.document_id, status=v.DOCUMENT_STATUS_REGISTERED,
                handler=v.Handler(full_name="Trần Thị Bình", unit="Văn thư", position="Chuyên viên"),
                comment="Đã vào sổ"), timeout=RPC_TIMEOUT_SECONDS)
            report.step("register", state.status == v.DOCUMENT_STATUS_REGISTERED,
                        status=v.DocumentStatus.Name(state.status))

            # Art. 14.3: the minimum chain cannot be skipped — 06 COMPLETED straight after 03 REGISTERED is refused,
            # naming 05 PROCESSING, and the status stays 03.
            try:
                inbox.UpdateDocumentStatus(s.UpdateDocumentStatusRequest(
                    document_id=received.document_id, status=v.DOCUMENT_STATUS_COMPLETED,
                    handler=v.Handler(full_name="Trần Thị Bình", unit="Văn thư", position="Chuyên viên")),
                    timeout=RPC_TIMEOUT_SECONDS)
                report.step("06 after 03 is refused, naming 05", False, error="Exchange accepted it")
            except grpc.RpcError as error:
                report.step("06 after 03 is refused, naming 05",
                            error.code() == grpc.StatusCode.FAILED_PRECONDITION and "05" in (error.details() or ""),
                            **rpc_error(error))

            # Out of the inbox once acknowledged, the document stays in the recipient's received list.
            listed = inbox.ListReceivedDocuments(s.ListReceivedDocumentsRequest(page_size=100),
                                                 timeout=RPC_TIMEOUT_SECONDS)
            entry = next((d for d in listed.documents if d.document_id == received.document_id), None)
            report.step(
                "listed as received",
                entry is not None and not entry.HasField("signed_document")
                and [r.recipient_organisation_id for r in entry.recipients] == [me]
                and entry.recipients[0].delivery_state == v.DELIVERY_STATE_ACKNOWLEDGED,
                documents=len(listed.documents))

        # 7. The sender sees the recipient's status; 01 names the recipient's system that acknowledged it.
        document_seen = exchange.GetDocument(s.GetDocumentRequest(document_id=header.document_id),
                                             timeout=RPC_TIMEOUT_SECONDS)
        mine = next((r for r in document_seen.recipients if r.recipient_organisation_id == me), None)
        history = [v.DocumentStatus.Name(change.status) for change in mine.history] if mine else []
        report.step(
            "sender sees REGISTERED",
            mine is not None and mine.status == v.DOCUMENT_STATUS_REGISTERED
            and history == ["DOCUMENT_STATUS_ARRIVED", "DOCUMENT_STATUS_REGISTERED"]
            and mine.history[0].handler.unit == me and mine.history[-1].handler.full_name == "Trần Thị Bình",
            recipient=me, history=history)

        with channel(arguments.exchange, ca, arguments.recipient_cert, arguments.recipient_key) as receiving:
            lifecycle(protos, report, exchange, protos.grpc.ExchangeServiceStub(receiving), me, header, document,
                      attachments)


def send(exchange, protos: Protos, signed, attachments: list[Attachment]):
    return exchange.SendDocument(iter(send_requests(protos, signed, attachments)), timeout=RPC_TIMEOUT_SECONDS)


def lease_until(protos: Protos, inbox, wanted) -> list:
    """Leases the recipient's inbox until an entry satisfying `wanted` comes (or nothing is left)."""
    s = protos.service
    seen = []
    for _ in range(10):
        fetched = inbox.FetchInbox(
            s.FetchInboxRequest(max_deliveries=100, lease_duration=duration_pb2.Duration(seconds=60)),
            timeout=RPC_TIMEOUT_SECONDS).deliveries
        seen += fetched
        if any(wanted(item) for item in fetched) or not fetched:
            break
    return seen


def lifecycle(protos: Protos, report: "Report", exchange, inbox, me: str, registered, document, attachments) -> None:
    """Art. 15: retract with consent (refused), update, revoke with confirmation, failed-delivery queries."""
    s, v, d = protos.service, protos.delivery, protos.document
    handler = v.Handler(full_name="Trần Thị Bình", unit="Văn thư")

    # 8. Retract a registered document: a request (13) the recipient refuses (16) with a reason.
    retracted = exchange.RetractDocument(s.RetractDocumentRequest(
        document_id=registered.document_id, recipient_organisation_ids=[me], reason="Gửi nhầm phụ lục"),
        timeout=RPC_TIMEOUT_SECONDS)
    outcome = retracted.outcomes[0] if retracted.outcomes else None
    request_id = outcome.request.request_id if outcome else ""
    report.step("retract after registration is a request",
                outcome is not None and outcome.result == s.RETRACT_RESULT_REQUESTED and bool(request_id),
                request_id=request_id)
    notices = lease_until(protos, inbox, lambda item: item.notice.retract_request_id == request_id)
    notice = next((item for item in notices if item.notice.retract_request_id == request_id), None)
    report.step("retract request reaches the inbox as a notice",
                notice is not None and notice.kind == v.DELIVERY_KIND_NOTICE
                and notice.notice.type == v.NOTICE_TYPE_RETRACT_REQUESTED)
    for item in notices:
        inbox.AcknowledgeDelivery(s.AcknowledgeDeliveryRequest(delivery_id=item.delivery_id),
                                  timeout=RPC_TIMEOUT_SECONDS)
    answered = inbox.AnswerRetractRequest(s.AnswerRetractRequestRequest(
        request_id=request_id, accept=False, handler=handler, reason="Đang xử lý"), timeout=RPC_TIMEOUT_SECONDS)
    codes = [v.DocumentStatus.Name(change.status) for change in answered.history]
    report.step("recipient refuses the retract request",
                answered.disposition == v.DISPOSITION_CURRENT and codes[-2:] == [
                    "DOCUMENT_STATUS_RETRACT_REQUESTED", "DOCUMENT_STATUS_RETRACT_REFUSED"]
                and answered.history[-1].retract_request_id == request_id, history=codes)

    # 9. Update it: a new version linked to the original; GetDocument answers with the current version.
    update_header, update = document(5, business_type=d.BUSINESS_TYPE_UPDATE,
                                     related_document_id=registered.document_id, business_reason="Sửa trích yếu")
    send(exchange, protos, update, attachments)
    current = exchange.GetDocument(s.GetDocumentRequest(document_id=registered.document_id),
                                   timeout=RPC_TIMEOUT_SECONDS)
    report.step("update makes a new version",
                current.document_id == update_header.document_id and current.version == 2
                and [version.document_id for version in current.versions]
                == [registered.document_id, update_header.document_id],
                versions=[version.document_id for version in current.versions])

    # 9b. Update it again under the same document id (Art. 15.4: a minor error of form or an added annex keeps the
    #     number): related_document_id equal to document_id makes it the next version under that id.
    same_header, same = document(5, business_type=d.BUSINESS_TYPE_UPDATE,
                                 related_document_id=update_header.document_id, business_reason="Bổ sung phụ lục")
    send(exchange, protos, same, attachments)
    latest = exchange.GetDocument(s.GetDocumentRequest(document_id=update_header.document_id),
                                  timeout=RPC_TIMEOUT_SECONDS)
    previous = exchange.GetDocument(s.GetDocumentRequest(document_id=update_header.document_id, version=2),
                                    timeout=RPC_TIMEOUT_SECONDS)
    report.step("an update keeps the document id as its next version",
                same_header.document_id == update_header.document_id and latest.version == 3
                and [(version.document_id, version.version) for version in latest.versions][-2:]
                == [(update_header.document_id, 2), (update_header.document_id, 3)]
                and previous.superseded_by_document_id == update_header.document_id
                and previous.superseded_by_version == 3,
                versions=[(version.document_id, version.version) for version in latest.versions])

    # 10. Revoke the current version; the recipient acknowledges the revoking document, then reports that it
    #     handled the revocation (ConfirmRevocation): the report, not the acknowledgement, confirms it.
    revoke_header, revoke = document(6, business_type=d.BUSINESS_TYPE_REVOKE,
                                     related_document_id=update_header.document_id,
                                     business_reason="Ban hành không đúng thẩm quyền")
    send(exchange, protos, revoke, attachments)
    arrived = lease_until(protos, inbox, lambda item: item.document_id == revoke_header.document_id)
    for item in arrived:
        inbox.AcknowledgeDelivery(s.AcknowledgeDeliveryRequest(delivery_id=item.delivery_id),
                                  timeout=RPC_TIMEOUT_SECONDS)
    acknowledged = exchange.GetDocument(
        s.GetDocumentRequest(document_id=update_header.document_id, exact_version=True), timeout=RPC_TIMEOUT_SECONDS)
    mine = next((r for r in acknowledged.recipients if r.recipient_organisation_id == me), None)
    report.step("acknowledging the revoking document does not confirm the revocation",
                mine is not None and mine.disposition == v.DISPOSITION_REVOKED
                and not mine.HasField("revocation_confirm_time"))
    inbox.ConfirmRevocation(s.ConfirmRevocationRequest(document_id=update_header.document_id, handler=handler),
                            timeout=RPC_TIMEOUT_SECONDS)
    revoked = exchange.GetDocument(s.GetDocumentRequest(document_id=update_header.document_id, exact_version=True),
                                   timeout=RPC_TIMEOUT_SECONDS)
    mine = next((r for r in revoked.recipients if r.recipient_organisation_id == me), None)
    report.step("revocation is confirmed back to the sender",
                revoked.revoked_by_document_id == revoke_header.document_id and mine is not None
                and mine.disposition == v.DISPOSITION_REVOKED and mine.HasField("revocation_confirm_time")
                and mine.revocation_confirm_handler.full_name == handler.full_name,
                received=[item.document_id for item in arrived])

    # 11. Failed deliveries: the list is queryable, and only a FAILED delivery can be retried.
    failed = exchange.ListFailedDeliveries(s.ListFailedDeliveriesRequest(page_size=10), timeout=RPC_TIMEOUT_SECONDS)
    try:
        exchange.RetryDelivery(s.RetryDeliveryRequest(delivery_id=mine.delivery_id), timeout=RPC_TIMEOUT_SECONDS)
        report.step("retry refuses a delivery that did not fail", False)
    except grpc.RpcError as error:
        report.step("retry refuses a delivery that did not fail",
                    error.code() == grpc.StatusCode.FAILED_PRECONDITION and not failed.deliveries, **rpc_error(error))

    bad_input(protos, report, inbox, registered.document_id, handler)


def bad_request_fields(error: grpc.RpcError) -> list[str]:
    """The fields named by the google.rpc.BadRequest details of an INVALID_ARGUMENT (grpc-status-details-bin)."""
    fields = []
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        for detail in status_pb2.Status.FromString(value).details:
            request = error_details_pb2.BadRequest()
            if detail.Unpack(request):
                fields += [violation.field for violation in request.field_violations]
    return fields


def bad_input(protos: Protos, report: "Report", inbox, document_id: str, handler) -> None:
    """What the contract says about times out of range and the lease limit, seen from a foreign client."""
    s, v = protos.service, protos.delivery
    try:
        inbox.UpdateDocumentStatus(s.UpdateDocumentStatusRequest(
            document_id=document_id, status=v.DOCUMENT_STATUS_PROCESSING, handler=handler,
            status_time=timestamp_pb2.Timestamp(seconds=-2**63)), timeout=RPC_TIMEOUT_SECONDS)
        report.step("a status_time outside years 1-9999 is INVALID_ARGUMENT naming it", False, error="accepted")
    except grpc.RpcError as error:
        fields = bad_request_fields(error)
        report.step("a status_time outside years 1-9999 is INVALID_ARGUMENT naming it",
                    error.code() == grpc.StatusCode.INVALID_ARGUMENT and "status_time.seconds" in fields,
                    fields=fields, **rpc_error(error))
    try:
        inbox.FetchInbox(s.FetchInboxRequest(lease_duration=duration_pb2.Duration(seconds=3600, nanos=1)),
                         timeout=RPC_TIMEOUT_SECONDS)
        report.step("a lease 1 ns past one hour is INVALID_ARGUMENT", False, error="accepted")
    except grpc.RpcError as error:
        report.step("a lease 1 ns past one hour is INVALID_ARGUMENT",
                    error.code() == grpc.StatusCode.INVALID_ARGUMENT, **rpc_error(error))
    leased = inbox.FetchInbox(s.FetchInboxRequest(max_deliveries=1), timeout=RPC_TIMEOUT_SECONDS)
    report.step("Exchange still serves after bad input", leased is not None)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exchange", required=True, help="Exchange's gRPC address, host:port")
    parser.add_argument("--ca", required=True, help="the platform CA certificate (PEM): the TLS trust root")
    parser.add_argument("--cert", required=True, help="the sender's connection certificate (PEM)")
    parser.add_argument("--key", required=True, help="the sender's connection private key (PEM)")
    parser.add_argument("--signing-key", required=True, help="the sender's signing (seal) private key (PEM)")
    parser.add_argument("--signing-chain", required=True,
                        help="the signing certificate, then its issuers (PEM, leaf first)")
    parser.add_argument("--algorithm", required=True, choices=sorted(SCHEMES), help="the signature scheme")
    parser.add_argument("--sender", required=True,
                        help="the sender: ID or ID=Name (the connection cert's member, or the unit of --acting-for)")
    parser.add_argument("--acting-for", help="send as this unit registered under the connection cert's member "
                                             "(metadata vdxp-acting-for); --sender names the unit")
    parser.add_argument("--recipient", required=True, action="append", help="a recipient: ID or ID=Name (repeatable)")
    parser.add_argument("--recipient-cert", help="the first recipient's connection certificate, to receive as it")
    parser.add_argument("--recipient-key", help="the first recipient's connection private key")
    parser.add_argument("--signing-ca", help="trusted signing CA certificates (PEM) for the recipient's own check")
    parser.add_argument("--number", help="the first document number (default: random); the next four follow it")
    parser.add_argument("--notation", default="PY-INTEROP", help="the document notation (ký hiệu)")
    parser.add_argument("--proto", default=str(Path(__file__).resolve().parents[3] / "proto"),
                        help="the repository's proto/ directory")
    arguments = parser.parse_args(argv)
    if bool(arguments.recipient_cert) != bool(arguments.recipient_key):
        parser.error("give both --recipient-cert and --recipient-key, or neither")
    return arguments


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8")
    arguments = parse_arguments(argv)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="vdxp-protos-") as generated:
        protos = compile_protos(Path(arguments.proto).resolve(), Path(generated))
        report.step("compile protos", True, proto=arguments.proto)
        try:
            run(arguments, protos, report)
        except grpc.RpcError as error:
            report.step("unexpected RPC error", False, **rpc_error(error))
        except Exception as error:  # noqa: BLE001 - report anything and fail
            report.step("unexpected error", False, error=f"{type(error).__name__}: {error}")
    if report.failed:
        print(f"FAILED: {len(report.failed)} expectation(s) did not hold: {'; '.join(report.failed)}", file=sys.stderr)
        return 1
    print("OK: Exchange accepted the signed document and refused every tampered or untrusted one", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
