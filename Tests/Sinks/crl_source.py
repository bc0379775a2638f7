#!/usr/bin/env python3
"""A certificate authority's CRL distribution point for VDXP's tests (stdlib only): answers GET /<name> with the file
<name> of --dir (application/pkix-crl), 404 when there is none. Central fetches revocation lists from such a URL
(SetRevocationListUrl). Once listening it writes {"host": ..., "port": ...} to --ready-file (or prints it), so port 0
(any free port) works.
"""
import argparse
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def make_handler(directory):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            name = os.path.basename(self.path.split("?", 1)[0])
            path = os.path.join(directory, name)
            if not name or not os.path.isfile(path):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with open(path, "rb") as f:
                body = f.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/pkix-crl")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            sys.stderr.write("crl_source: " + (format % args) + "\n")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, help="the folder whose files are served")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ready-file")
    arguments = parser.parse_args()
    os.makedirs(arguments.dir, exist_ok=True)
    server = ThreadingHTTPServer((arguments.host, arguments.port), make_handler(arguments.dir))
    ready = json.dumps({"host": server.server_address[0], "port": server.server_address[1]})
    if arguments.ready_file:
        with open(arguments.ready_file + ".tmp", "w") as f:
            f.write(ready)
        os.replace(arguments.ready_file + ".tmp", arguments.ready_file)
    else:
        print(ready, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main()
