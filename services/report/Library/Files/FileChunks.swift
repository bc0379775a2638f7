import Foundation
import SwiftProtobuf
import VDXPProto

/// Cuts a file into the contract's `FileChunk`s of at most 1 MiB, the media type and file name in the first.
enum FileChunks {
    /// The largest chunk.
    static let maximumSize = 1 << 20

    /// The chunks of `data`.
    static func chunks(of data: Data, mediaType: String, fileName: String) -> [Vdxp_Report_V1_FileChunk] {
        var chunks: [Vdxp_Report_V1_FileChunk] = []
        var offset = data.startIndex
        repeat {
            let end = min(offset + maximumSize, data.endIndex)
            var chunk = Vdxp_Report_V1_FileChunk()
            if chunks.isEmpty {
                chunk.mediaType = mediaType
                chunk.fileName = fileName
            }
            chunk.data = data[offset..<end]
            chunks.append(chunk)
            offset = end
        } while offset < data.endIndex
        return chunks
    }
}
