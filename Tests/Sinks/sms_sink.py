#!/usr/bin/env python3
"""A local HTTP SMS gateway that keeps every message it accepts, for VDXP's tests and `vdxp dev up` (stdlib only).

POST any path with {"to": "+84…", "text": "…", "reference": "…"} (JSON, UTF-8). Each accepted message is written to
SMSDIR as <time>-<counter>.json with the request's fields, its path and whether a bearer token came. Answers:
  202 {"id": "<name>"}                accepted
  400                                 not JSON, a field missing, or "to" not E.164 (+ and 8 to 15 digits)
  401                                 --token given and the request's bearer token differs
  <code>                              the path is /status/<code> (a test's way to make the gateway fail)
  <code> Location: /moved             the path is /redirect/<code> (a gateway that moved); GET anything: 200, as a
                                      login page would answer a client that followed the redirect without the body
  202 and 1 MiB of JSON               the path ends /big-answer: the message is kept, the answer is long
  503                                 one of the first N requests with --fail-first N (a gateway that fails for a
                                      while, then recovers); each such refusal is logged to SMSDIR/refused.log
Once listening it writes {"host": ..., "port": ...} to --ready-file (or prints it), so port 0 (any free port) works.
"""
import argparse
import datetime
import itertools
import json
import os
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counter = itertools.count(1)
lock = threading.Lock()


def make_handler(smsdir, token, fail_first=0):
    refused = [0]

    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, payload, location=None):
            if self.path.endswith("/big-answer"):
                payload = dict(payload, padding="x" * (1 << 20))
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            forced = re.fullmatch(r".*/status/(\d{3})", self.path)
            if forced:
                return self.answer(int(forced.group(1)), {"error": "status forced by the path"})
            moved = re.fullmatch(r".*/redirect/(\d{3})", self.path)
            if moved:
                return self.answer(int(moved.group(1)), {"error": "moved"}, location="/moved")
            with lock:
                failing = refused[0] < fail_first
                if failing:
                    refused[0] += 1
                    count = refused[0]
            if failing:
                os.makedirs(smsdir, exist_ok=True)
                with lock, open(os.path.join(smsdir, "refused.log"), "a", encoding="utf-8") as f:
                    f.write("%d %s\n" % (count, self.headers.get("Idempotency-Key") or ""))
                return self.answer(503, {"error": "gateway busy, try again later (%d of %d)" % (count, fail_first)})
            authorization = self.headers.get("Authorization") or ""
            if token is not None and authorization != "Bearer " + token:
                return self.answer(401, {"error": "missing or wrong bearer token"})
            try:
                message = json.loads(raw.decode("utf-8"))
                to, text, reference = message["to"], message["text"], message["reference"]
            except (ValueError, KeyError, TypeError) as error:
                return self.answer(400, {"error": "expected JSON with to, text and reference: %s" % error})
            if not re.fullmatch(r"\+\d{8,15}", to):
                return self.answer(400, {"error": "to must be an E.164 number, e.g. +84912345678"})
            with lock:
                name = "%s-%04d" % (
                    datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ"), next(counter))
            record = {
                "file": name + ".json",
                "received": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                "path": self.path,
                "to": to,
                "text": text,
                "reference": reference,
                "content_type": self.headers.get("Content-Type"),
                "idempotency_key": self.headers.get("Idempotency-Key"),
                "bearer_token": authorization.startswith("Bearer "),
            }
            os.makedirs(smsdir, exist_ok=True)
            partial = os.path.join(smsdir, "." + name + ".json.tmp")
            with open(partial, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False, indent=2)
            os.replace(partial, os.path.join(smsdir, name + ".json"))
            return self.answer(202, {"id": name})

        def do_GET(self):
            return self.answer(200, {"page": "sign in"})

        def log_message(self, format, *args):
            sys.stderr.write("sms-sink: " + (format % args) + "\n")

    return Handler


def main():
    parser = argparse.ArgumentParser(description="A local SMS gateway that keeps every message it accepts.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--smsdir", required=True, help="where accepted messages are written")
    parser.add_argument("--ready-file", help="written with {host, port} once listening")
    parser.add_argument("--token", help="require Authorization: Bearer TOKEN")
    parser.add_argument("--fail-first", type=int, default=0, help="answer the first N requests 503")
    arguments = parser.parse_args()
    os.makedirs(arguments.smsdir, exist_ok=True)
    server = ThreadingHTTPServer((arguments.host, arguments.port), make_handler(arguments.smsdir, arguments.token, arguments.fail_first))
    port = server.server_address[1]
    ready = json.dumps({"host": arguments.host, "port": port, "smsdir": os.path.abspath(arguments.smsdir)})
    if arguments.ready_file:
        partial = arguments.ready_file + ".tmp"
        with open(partial, "w") as f:
            f.write(ready)
        os.replace(partial, arguments.ready_file)
    print(ready, flush=True)
    # A parent may have spawned us with signals blocked (a Swift test runner does): take SIGTERM and SIGINT back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main()
