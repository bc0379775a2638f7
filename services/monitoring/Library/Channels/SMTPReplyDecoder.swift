import NIOCore

/// Splits what an SMTP server sends into lines (CRLF, or a bare LF from a lax server) and hands each to an
/// ``SMTPReplyParser``: one ``SMTPReply`` comes out per complete reply. On a STARTTLS connection it refuses any byte
/// that follows the reply to `STARTTLS` before TLS is up (``STARTTLSBoundary``).
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 §4.5.3.1.5 limits a reply line to 512 octets; allow some slack, refuse a server that never ends one.
    static let maximumLineLength = 4096

    private var parser = SMTPReplyParser()
    private let boundary: STARTTLSBoundary

    /// A decoder for one connection, enforcing `boundary`.
    init(boundary: STARTTLSBoundary) {
        self.boundary = boundary
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try boundary.checkIncoming(buffer.readableBytes)
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPReplyParser.MalformedReply(line: "a line longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        if let reply = try parser.consume(line) {
            context.fireChannelRead(Self.wrapInboundOut(reply))
            try boundary.replyDecoded(remaining: buffer.readableBytes)
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
