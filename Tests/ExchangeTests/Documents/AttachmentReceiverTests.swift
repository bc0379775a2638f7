import Crypto
import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPExchange

/// Attachments arrive in chunks of 64 KiB to 1 MiB, each attachment's last one smaller if it must be: a chunk is a row,
/// and a million one-byte chunks of a 1 MiB attachment were a million rows.
@Suite("Exchange: attachment chunks of at least 64 KiB, but for each attachment's last")
struct AttachmentReceiverTests {
    static func attachment(_ data: Data) -> Vdxp_Exchange_V1_AttachmentDescriptor {
        .with {
            $0.name = "phu-luc.pdf"
            $0.sizeBytes = Int64(data.count)
            $0.sha256 = Data(SHA256.hash(data: data))
        }
    }

    static func chunk(_ index: Int32, _ data: Data) -> Vdxp_Exchange_V1_AttachmentChunk {
        .with {
            $0.attachmentIndex = index
            $0.data = data
        }
    }

    @Test("64 KiB chunks and a short last one, a short single chunk per attachment: accepted")
    func shortLastChunks() throws {
        let first = Data(repeating: 1, count: 64 * 1024 * 2 + 10)
        let second = Data(repeating: 2, count: 100)
        var receiver = AttachmentReceiver(
            attachments: [Self.attachment(first), Self.attachment(second)], maximumChunkBytes: 1024 * 1024)
        #expect(try receiver.accept(Self.chunk(0, first.prefix(64 * 1024))) == 0)
        #expect(try receiver.accept(Self.chunk(0, first.dropFirst(64 * 1024).prefix(64 * 1024))) == 1)
        #expect(try receiver.accept(Self.chunk(0, first.suffix(10))) == 2)
        #expect(try receiver.accept(Self.chunk(1, second)) == 0)
        try receiver.finish()
    }

    @Test("a chunk under 64 KiB followed by more of its attachment is INVALID_ARGUMENT naming chunk.data")
    func shortChunkInTheMiddle() throws {
        let data = Data(repeating: 7, count: 2000)
        var receiver = AttachmentReceiver(attachments: [Self.attachment(data)], maximumChunkBytes: 1024 * 1024)
        _ = try receiver.accept(Self.chunk(0, data.prefix(1)))
        let error = #expect(throws: ExchangeError.self) {
            try receiver.accept(Self.chunk(0, data.dropFirst(1).prefix(1)))
        }
        guard case .invalidField(let field, let message)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(field == "chunk.data")
        #expect(message.contains("at least 65536 bytes"), "\(message)")
    }
}
