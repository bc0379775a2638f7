import Foundation
import Testing
import VDXPDevelopment
import VDXPLocalCluster
import VDXPRuntime

/// Below gRPC: HTTP/2 streams no gRPC client would send — a wrong content type, a length prefix cut short or
/// promising more than comes, a compressed message without an encoding, a frame that breaks HTTP/2 itself, a
/// connection dropped mid-frame — sent with Python's `h2` over a member's real mTLS connection to the real Exchange.
/// Each gets the answer gRPC defines, and Exchange answers an ordinary call afterwards (issue 17).
@Suite("Raw HTTP/2 frames against Exchange", .serialized)
struct RawHTTP2Tests {
    static let script = #"""
        import json, socket, ssl, sys
        import h2.config, h2.connection, h2.events

        host, port, cert, key, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        path = "/vdxp.exchange.v1.ExchangeService/GetDocument"

        def connect():
            context = ssl.create_default_context(cafile=ca)
            context.load_cert_chain(cert, key)
            context.set_alpn_protocols(["h2"])
            context.check_hostname = False  # the chain is still verified against the platform CA
            tls = context.wrap_socket(socket.create_connection((host, port), timeout=15), server_hostname=host)
            conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
            conn.initiate_connection()
            tls.sendall(conn.data_to_send())
            return tls, conn

        def outcome(tls, conn, stream):
            result = {"status": None, "grpc_status": None, "grpc_message": None, "reset": None, "goaway": None}
            while True:
                try:
                    data = tls.recv(65536)
                except OSError as error:
                    result["error"] = str(error)
                    return result
                if not data:
                    result["closed"] = True
                    return result
                for event in conn.receive_data(data):
                    if isinstance(event, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                        if event.stream_id == stream:
                            for name, value in event.headers:
                                if name == ":status":
                                    result["status"] = value
                                elif name == "grpc-status":
                                    result["grpc_status"] = int(value)
                                elif name == "grpc-message":
                                    result["grpc_message"] = value
                    elif isinstance(event, h2.events.DataReceived):
                        conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded) and event.stream_id == stream:
                        return result
                    elif isinstance(event, h2.events.StreamReset) and event.stream_id == stream:
                        result["reset"] = int(event.error_code)
                        return result
                    elif isinstance(event, h2.events.ConnectionTerminated):
                        result["goaway"] = int(event.error_code)
                        return result
                tls.sendall(conn.data_to_send())

        def headers(content_type="application/grpc"):
            return [(":method", "POST"), (":scheme", "https"), (":path", path), (":authority", f"{host}:{port}"),
                    ("content-type", content_type), ("te", "trailers")]

        def message(payload, flag=0):
            return bytes([flag]) + len(payload).to_bytes(4, "big") + payload

        request = b"\x0a\x05hello"  # GetDocumentRequest{document_id: "hello"}
        cases = [
            ("wrong content-type", headers("application/json"), [message(request)]),
            ("truncated length prefix", headers(), [b"\x00\x00\x00"]),
            ("length prefix promising more than comes", headers(), [b"\x00\x00\x00\x00\x64abc"]),
            ("compressed flag without grpc-encoding", headers(), [message(request, flag=1)]),
            ("garbage protobuf", headers(), [message(b"\xff" * 11)]),
            ("a valid call", headers(), [message(request)]),
        ]
        for name, sent_headers, frames in cases:
            tls, conn = connect()
            stream = conn.get_next_available_stream_id()
            conn.send_headers(stream, sent_headers)
            for frame in frames:
                conn.send_data(stream, frame)
            conn.end_stream(stream)
            tls.sendall(conn.data_to_send())
            result = outcome(tls, conn, stream)
            result["case"] = name
            print(json.dumps(result), flush=True)
            tls.close()

        # DATA on stream 0 breaks HTTP/2 itself: the server ends the connection.
        tls, conn = connect()
        tls.sendall(b"\x00\x00\x03\x00\x00\x00\x00\x00\x00abc")
        result = outcome(tls, conn, 1)
        result["case"] = "DATA on stream 0"
        print(json.dumps(result), flush=True)
        tls.close()

        # A connection dropped in the middle of a DATA frame.
        tls, conn = connect()
        stream = conn.get_next_available_stream_id()
        conn.send_headers(stream, headers())
        tls.sendall(conn.data_to_send())
        tls.sendall(b"\x00\x00\x64\x00\x00" + stream.to_bytes(4, "big") + b"\x00\x00\x00\x00\x5f" + b"x" * 10)
        tls.close()
        print(json.dumps({"case": "dropped mid-frame"}), flush=True)
        """#

    /// One case as the script reports it.
    struct Outcome: Decodable {
        var `case`: String
        var status: String?
        var grpcStatus: Int?
        var grpcMessage: String?
        var reset: Int?
        var goaway: Int?
        var closed: Bool?

        enum CodingKeys: String, CodingKey {
            case `case`, status, reset, goaway, closed
            case grpcStatus = "grpc_status"
            case grpcMessage = "grpc_message"
        }
    }

    @Test(
        "wrong content type, cut or lying length prefixes, a bad compression flag, a broken frame: each refused, Exchange serves on"
    )
    func rawFrames() async throws {
        let python = try await Self.pythonWithH2()
        try await TestPlatform.with { platform in
            let paths = platform.pki.members[TestPlatform.recipient.organisationID]!
            let result = try await ForeignClientTests.run(
                python,
                arguments: [
                    "-c", Self.script, platform.exchange.host, "\(platform.exchange.port)", paths.connectionCertificate,
                    paths.connectionKey, platform.pki.platformCA,
                ], timeout: .seconds(120))
            #expect(result.termination.succeeded, "\(result.standardError.suffix(2_000))")
            let outcomes = Dictionary(
                uniqueKeysWithValues: try result.standardOutput.split(separator: "\n").map {
                    let outcome = try JSONDecoder().decode(Outcome.self, from: Data($0.utf8))
                    return (outcome.case, outcome)
                })
            let report = result.standardOutput
            // gRPC over HTTP/2: a request that is not gRPC is HTTP 415; the rest end with a gRPC status.
            let wrongType = outcomes["wrong content-type"]
            #expect(
                wrongType?.status == "415" || (wrongType?.grpcStatus ?? 0) != 0,
                "a non-gRPC content type is refused: \(report)")
            for name in ["truncated length prefix", "length prefix promising more than comes"] {
                let outcome = outcomes[name]
                // A message cut short leaves the unary call without its one message: INVALID_ARGUMENT, the client's
                // fault (grpc-swift says INTERNAL, "Empty stream.", which the platform does not count as its own).
                #expect(
                    outcome?.grpcStatus == 3 || outcome?.grpcStatus == 13 || outcome?.reset != nil,
                    "\(name) is INVALID_ARGUMENT, INTERNAL or a reset: \(report)")
            }
            // grpc-swift resets the stream (CANCEL) where the gRPC spec suggests INTERNAL: refused either way.
            let compressed = outcomes["compressed flag without grpc-encoding"]
            #expect(
                [12, 13].contains(compressed?.grpcStatus ?? -1) || compressed?.reset != nil,
                "a compressed message with no encoding is refused: \(report)")
            #expect(outcomes["garbage protobuf"]?.grpcStatus == 3, "garbage protobuf is INVALID_ARGUMENT: \(report)")
            #expect(
                [3, 5].contains(outcomes["a valid call"]?.grpcStatus ?? -1),
                "an ordinary request is answered: \(report)")
            let broken = outcomes["DATA on stream 0"]
            #expect(
                broken?.goaway == 1 || broken?.closed == true, "a protocol error ends that connection only: \(report)")
            #expect(outcomes["dropped mid-frame"] != nil)
            try await platform.expectServing()
        }
    }

    /// A Python 3 that has `h2`: the checkout's .venv (scripts/install-dependencies.sh), else the system's.
    static func pythonWithH2() async throws -> [String] {
        let venv = RepositoryFiles.root.appendingPathComponent(".venv/bin/python3").path
        let candidates =
            (FileManager.default.isExecutableFile(atPath: venv) ? [[venv]] : []) + [["/usr/bin/env", "python3"]]
        for candidate in candidates {
            let check = try await ForeignClientTests.run(
                candidate, arguments: ["-c", "import h2"], timeout: .seconds(60))
            if check.termination.succeeded { return candidate }
        }
        throw ForeignClientTests.PythonMissing(
            description: "No Python 3 with h2: run scripts/install-dependencies.sh (it prepares .venv with h2)")
    }
}
