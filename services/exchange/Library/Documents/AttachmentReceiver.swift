import Crypto
import Foundation
import VDXPCore
import VDXPProto

/// Follows the attachment chunks of a `SendDocument` stream: in header order, each within its declared size, and
/// with the declared SHA-256 when complete. Holds one running hash, never the bytes. Each refusal names the field
/// to fix.
///
/// Every chunk but an attachment's last holds at least ``minimumChunkBytes``: each chunk is a row, a statement's
/// parameters and, when read back, a part of a query. One-byte chunks made a 1 MiB attachment a million rows, and a
/// small document's thousands of chunks passed PostgreSQL's 65,535 parameters and failed its whole commit group.
struct AttachmentReceiver {
    /// The least a chunk holds unless it is its attachment's last: 64 KiB.
    static let minimumChunkBytes = 64 * 1024

    let attachments: [Vdxp_Exchange_V1_AttachmentDescriptor]
    let maximumChunkBytes: Int
    private var current = 0
    private var received: Int64 = 0
    private var chunkIndex = 0
    private var lastChunkBytes = 0
    private var hasher = SHA256()

    init(attachments: [Vdxp_Exchange_V1_AttachmentDescriptor], maximumChunkBytes: Int) {
        self.attachments = attachments
        self.maximumChunkBytes = maximumChunkBytes
    }

    /// Accepts a chunk and returns its index within its attachment.
    mutating func accept(_ chunk: Vdxp_Exchange_V1_AttachmentChunk) throws(ExchangeError) -> Int {
        let index = Int(chunk.attachmentIndex)
        guard index >= current, index < attachments.count else {
            throw .invalidField(
                field: "chunk.attachment_index",
                message: "chunk.attachment_index \(index) is out of order or out of range: send attachments 0 to "
                    + "\(attachments.count - 1) in header order")
        }
        guard !chunk.data.isEmpty, chunk.data.count <= maximumChunkBytes else {
            throw .invalidField(
                field: "chunk.data", message: "chunk.data must be 1 byte to 1 MiB; got \(chunk.data.count) bytes")
        }
        if index == current, chunkIndex > 0, lastChunkBytes < Self.minimumChunkBytes {
            throw .invalidField(
                field: "chunk.data",
                message: "a chunk of \(lastChunkBytes) bytes was followed by more of attachments[\(index)]: every "
                    + "chunk but an attachment's last must hold at least \(Self.minimumChunkBytes) bytes (64 KiB); "
                    + "send chunks of 64 KiB to 1 MiB")
        }
        while current < index { try complete() }
        received += Int64(chunk.data.count)
        lastChunkBytes = chunk.data.count
        guard received <= attachments[index].sizeBytes else {
            throw .invalidField(
                field: "document.header.attachments[\(index)].size_bytes",
                message:
                    "attachments[\(index)] '\(attachments[index].name)' is larger than its declared size_bytes \(attachments[index].sizeBytes)"
            )
        }
        hasher.update(data: chunk.data)
        defer { chunkIndex += 1 }
        return chunkIndex
    }

    /// Checks that every attachment arrived whole.
    mutating func finish() throws(ExchangeError) {
        while current < attachments.count { try complete() }
    }

    /// Closes the current attachment: it must have its declared size and SHA-256; then starts the next one.
    private mutating func complete() throws(ExchangeError) {
        let descriptor = attachments[current]
        guard received == descriptor.sizeBytes else {
            throw .invalidField(
                field: "document.header.attachments[\(current)].size_bytes",
                message:
                    "attachments[\(current)] \(descriptor.name.echoed) ended after \(received) bytes; its header declares \(descriptor.sizeBytes)"
            )
        }
        let digest = Data(hasher.finalize())
        guard digest == descriptor.sha256 else {
            throw .invalidField(
                field: "document.header.attachments[\(current)].sha256",
                message:
                    "attachments[\(current)] \(descriptor.name.echoed) does not match its sha256 in the signed header: "
                    + "the bytes were changed or the header describes another file")
        }
        current += 1
        received = 0
        chunkIndex = 0
        lastChunkBytes = 0
        hasher = SHA256()
    }
}
