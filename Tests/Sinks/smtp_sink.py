#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) that keeps every message it receives, for VDXP's tests and `vdxp dev up`.

Each accepted message is written to MAILDIR as two files named after the time it arrived and a counter:
  <name>.eml   the message exactly as received (after SMTP dot-unstuffing)
  <name>.json  what a person and a test want to see: envelope sender and recipients, the headers decoded
               (RFC 2047), the body decoded (quoted-printable/base64, UTF-8; line breaks as \n), whether TLS was on,
               who authenticated.

Behaviour for tests, chosen by the recipient's local part:
  refuse-permanent…@  RCPT TO answered 550 5.1.1 (a relay refusing the recipient for good)
  refuse-transient…@  RCPT TO answered 451 4.3.0 (a relay refusing for now)

Failures for tests, whatever the recipient:
  --fail-first N       the first N messages are answered 451 4.3.0 after their DATA, and not kept (a relay that
                       fails for a while, then recovers); each such refusal is logged to MAILDIR/refused.log
  --hold-reply SECONDS every message is kept first, then its 250 is held back this long (a relay that accepted the
                       message but whose answer the client may never see: the window in which a crash duplicates)

An attack for tests:
  --inject-after-starttls  the 220 that answers STARTTLS is followed, in the same write and in plaintext, by a forged
                       reply (RFC 3207 §6): what a man in the middle appends for the client to read as if over TLS

Options: --starttls (offer STARTTLS with a certificate generated for 127.0.0.1/localhost, its PEM written to
--certificate-out for the client to trust), --require-starttls, --implicit-tls (SMTPS), --auth USER:PASSWORD (AUTH
required, over TLS unless --auth-over-plaintext), --mechanisms PLAIN,LOGIN. Once listening it writes
{"host": ..., "port": ...} to --ready-file (or prints it), so port 0 (any free port) works.
"""
import argparse
import asyncio
import datetime
import email
import email.policy
import ipaddress
import itertools
import json
import os
import signal
import ssl
import sys
import tempfile
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

counter = itertools.count(1)


class InjectingSMTP(SMTP):
    """Appends a forged reply to the plaintext 220 that answers STARTTLS, in the same write."""

    async def push(self, status):
        if status == "220 Ready to start TLS":
            status = status + "\r\n250 injected in plaintext before TLS"
        await super().push(status)


class Keeper:
    """The aiosmtpd handler: refuses recipients as asked, writes every accepted message to the mail folder."""

    def __init__(self, maildir, fail_first=0, hold_reply=0.0):
        self.maildir = maildir
        self.fail_first = fail_first
        self.hold_reply = hold_reply
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("refuse-permanent"):
            return "550 5.1.1 <%s>: Recipient address rejected: mailbox unavailable" % address
        if local.startswith("refuse-transient"):
            return "451 4.3.0 <%s>: Mailbox busy, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        if self.refused < self.fail_first:
            self.refused += 1
            os.makedirs(self.maildir, exist_ok=True)
            with open(os.path.join(self.maildir, "refused.log"), "a", encoding="utf-8") as f:
                f.write("%s %s\n" % (self.refused, str(message["Message-ID"] or "")))
            return "451 4.3.0 Temporary local problem, try again later (%d of %d)" % (self.refused, self.fail_first)
        body = message.get_body(preferencelist=("plain",))
        name = "%s-%04d" % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ"), next(counter))
        record = {
            "file": name + ".eml",
            "received": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"] or ""),
            "to": str(message["To"] or ""),
            "subject": str(message["Subject"] or ""),
            "date": str(message["Date"] or ""),
            "message_id": str(message["Message-ID"] or ""),
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "transfer_encoding": str(message["Content-Transfer-Encoding"] or ""),
            "body": body.get_content().replace("\r\n", "\n") if body is not None else "",
            "tls": session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None,
            "authenticated_as": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }
        os.makedirs(self.maildir, exist_ok=True)
        with open(os.path.join(self.maildir, name + ".eml"), "wb") as f:
            f.write(raw)
        # The JSON last: its presence says the message is complete.
        partial = os.path.join(self.maildir, "." + name + ".json.tmp")
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=2)
        os.replace(partial, os.path.join(self.maildir, name + ".json"))
        if self.hold_reply > 0:
            await asyncio.sleep(self.hold_reply)
        return "250 2.0.0 Ok: queued as %s" % name


def self_signed_certificate(directory):
    """A certificate for 127.0.0.1, ::1 and localhost with its key, as PEM files in `directory`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "VDXP test SMTP relay")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([
                x509.DNSName("localhost"),
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                x509.IPAddress(ipaddress.ip_address("::1")),
            ]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_path = os.path.join(directory, "relay.pem")
    key_path = os.path.join(directory, "relay-key.pem")
    with open(certificate_path, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return certificate_path, key_path


async def main():
    parser = argparse.ArgumentParser(description="A local SMTP server that keeps every message it receives.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--maildir", required=True, help="where received messages are written")
    parser.add_argument("--ready-file", help="written with {host, port} once listening")
    parser.add_argument("--starttls", action="store_true", help="offer STARTTLS")
    parser.add_argument("--require-starttls", action="store_true", help="refuse mail before STARTTLS")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (SMTPS)")
    parser.add_argument("--certificate-out", help="where the generated certificate's PEM is copied")
    parser.add_argument("--auth", help="USER:PASSWORD: require AUTH with these credentials")
    parser.add_argument("--auth-over-plaintext", action="store_true", help="allow AUTH without TLS")
    parser.add_argument("--mechanisms", default="PLAIN,LOGIN", help="AUTH mechanisms offered")
    parser.add_argument("--inject-after-starttls", action="store_true", help="forge a reply after STARTTLS's 220")
    parser.add_argument("--fail-first", type=int, default=0, help="answer the first N messages 451, not kept")
    parser.add_argument("--hold-reply", type=float, default=0.0, help="keep each message, then hold its 250 back")
    arguments = parser.parse_args()

    os.makedirs(arguments.maildir, exist_ok=True)
    tls_context = None
    if arguments.starttls or arguments.implicit_tls:
        certificate, key = self_signed_certificate(tempfile.mkdtemp(prefix="vdxp-smtp-sink-"))
        if arguments.certificate_out:
            with open(certificate, "rb") as source, open(arguments.certificate_out, "wb") as target:
                target.write(source.read())
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(certificate, key)

    authenticator = None
    if arguments.auth:
        user, password = arguments.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            # handled=False: aiosmtpd answers itself (235, or 535 for wrong credentials).
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    offered = {m.strip().upper() for m in arguments.mechanisms.split(",") if m.strip()}
    keeper = Keeper(arguments.maildir, arguments.fail_first, arguments.hold_reply)

    def factory():
        server_class = InjectingSMTP if arguments.inject_after_starttls else SMTP
        return server_class(
            keeper,
            hostname="vdxp-test-relay",
            tls_context=tls_context if arguments.starttls else None,
            require_starttls=arguments.require_starttls,
            auth_required=authenticator is not None,
            # Under implicit TLS the whole connection is encrypted, which aiosmtpd does not see for itself.
            auth_require_tls=not (arguments.auth_over_plaintext or arguments.implicit_tls),
            authenticator=authenticator,
            auth_exclude_mechanism={"PLAIN", "LOGIN"} - offered,
            timeout=max(60, arguments.hold_reply + 60),
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        factory, host=arguments.host, port=arguments.port,
        ssl=tls_context if arguments.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    ready = json.dumps({"host": arguments.host, "port": port, "maildir": os.path.abspath(arguments.maildir)})
    if arguments.ready_file:
        partial = arguments.ready_file + ".tmp"
        with open(partial, "w") as f:
            f.write(ready)
        os.replace(partial, arguments.ready_file)
    print(ready, flush=True)

    # A parent may have spawned us with signals blocked (a Swift test runner does): take SIGTERM and SIGINT back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
