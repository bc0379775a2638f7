import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Hands one message to an SMTP relay over a fresh connection: drives ``SMTPSessionStateMachine`` over SwiftNIO, with
/// STARTTLS or implicit TLS (NIOSSL) and a timeout on every step. Never throws: every failure is a
/// ``ChannelOutcome``.
struct SMTPClient: Sendable {
    let settings: SMTPSettings
    let group: any EventLoopGroup
    let logger: Logger
    private let tlsContext: Result<NIOSSLContext, SMTPClientError>?

    /// A client of the relay in `settings`. TLS is set up here, once; should that fail (trust roots unreadable since
    /// the settings were read), every delivery is a transient failure saying why.
    init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.settings = settings
        self.group = group
        self.logger = logger
        if settings.security == .noneLoopbackOnly {
            tlsContext = nil
        } else {
            tlsContext = Result { () throws -> NIOSSLContext in
                var configuration = TLSConfiguration.makeClientConfiguration()
                configuration.minimumTLSVersion = .tlsv12
                if let path = settings.trustRootsPath {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
                }
                return try NIOSSLContext(configuration: configuration)
            }.mapError { SMTPClientError.tlsUnavailable("\($0)") }
        }
    }

    /// Sends `data` (an RFC 5322 message, see ``SMTPMessageEncoder``) from `sender` to `recipient`.
    func send(from sender: String, to recipient: String, message: String) async -> ChannelOutcome {
        let configuration = SMTPSessionStateMachine.Configuration(
            security: settings.security, credentials: settings.credentials, clientName: settings.clientName,
            sender: sender, recipient: recipient, data: SMTPMessageEncoder.dataSection(message),
            relay: settings.relay)
        let step = StepName()
        do {
            step.set("connecting")
            let boundary = STARTTLSBoundary()
            let channel = try await connect(boundary: boundary)
            return try await channel.executeThenClose { inbound, outbound in
                var replies = inbound.makeAsyncIterator()
                var session = SMTPSessionStateMachine(configuration, tlsActive: settings.security == .implicitTLS)
                step.set("waiting for the greeting")
                var action = session.receive(try await nextReply(&replies, channel: channel.channel, step: step))
                while true {
                    switch action {
                    case .send(let command):
                        step.set("waiting for the reply to \(session.awaiting)")
                        if command == "STARTTLS" { boundary.startTLSSent() }
                        try await outbound.write(ByteBuffer(string: command + "\r\n"))
                        action = session.receive(try await nextReply(&replies, channel: channel.channel, step: step))
                    case .sendData(let data):
                        step.set("waiting for the reply to the message")
                        try await outbound.write(ByteBuffer(string: data))
                        action = session.receive(
                            try await nextReply(
                                &replies, channel: channel.channel, step: step, timeout: settings.messageTimeout))
                    case .startTLS:
                        step.set("in the TLS handshake after STARTTLS")
                        try await startTLS(on: channel.channel, boundary: boundary)
                        action = session.tlsEstablished()
                    case .quit(let outcome):
                        step.set("quitting")
                        try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
                        _ = try? await nextReply(&replies, channel: channel.channel, step: step)
                        return outcome
                    }
                }
            }
        } catch {
            let detail =
                "the relay \(settings.relay) could not be reached or failed \(step.get()): \(Self.describe(error))"
            logger.debug("SMTP delivery failed", metadata: ["detail": "\(detail)"])
            return .transientFailure(detail: detail)
        }
    }

    private func connect(boundary: STARTTLSBoundary) async throws -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let implicitTLS = settings.security == .implicitTLS ? try tlsContext?.get() : nil
        let serverHostname = Self.serverHostname(settings.host)
        return try await ClientBootstrap(group: group)
            .connectTimeout(.init(settings.stepTimeout))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(SMTPReplyDecoder(boundary: boundary)))
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Puts TLS in front of the reply decoder and waits for the handshake, which must finish within the step timeout;
    /// a failed handshake is thrown as the TLS error that ended it. Plaintext that came after the reply to STARTTLS
    /// (``STARTTLSBoundary``) is thrown before TLS is installed.
    private func startTLS(on channel: any Channel, boundary: STARTTLSBoundary) async throws {
        guard let tlsContext = try tlsContext?.get() else { throw SMTPClientError.tlsUnavailable("not configured") }
        let serverHostname = Self.serverHostname(settings.host)
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        let timeout = settings.stepTimeout
        // Both the handshake's end and the timer run on the channel's event loop: a timer that fires after the
        // handshake ended (before this task, resuming late on a busy machine, cancels it) must not close the channel
        // the next EHLO is about to use.
        let ended = TimeoutFlag()
        handshake.futureResult.whenComplete { _ in ended.fire() }
        let timer = channel.eventLoop.scheduleTask(in: .init(timeout)) {
            guard !ended.fired else { return }
            handshake.fail(SMTPClientError.timeout(timeout))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        try await channel.eventLoop.submit {
            // On the event loop, where the decoder runs: bytes that arrived with or after the 220 were seen already.
            if boundary.current == .violated { throw SMTPClientError.plaintextAfterStartTLS }
            let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            try channel.pipeline.syncOperations.addHandler(
                TLSHandshakeWaiter(promise: handshake), position: .after(tls))
            boundary.tlsInstalled()
        }.get()
        try await handshake.futureResult.get()
    }

    /// The next reply, or an error naming the step if none comes within the step timeout (the connection is closed
    /// then) or the relay closes the connection.
    private func nextReply(
        _ replies: inout NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator, channel: any Channel, step: StepName,
        timeout: Duration? = nil
    ) async throws -> SMTPReply {
        let timedOut = TimeoutFlag()
        let timeout = timeout ?? settings.stepTimeout
        let timer = channel.eventLoop.scheduleTask(in: .init(timeout)) {
            timedOut.fire()
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            guard let reply = try await replies.next() else {
                throw timedOut.fired ? SMTPClientError.timeout(timeout) : SMTPClientError.closedByRelay
            }
            // The timer closed the connection after this reply came in but before this task resumed to take it:
            // the next step would fail with "I/O on closed channel"; say what happened instead.
            if timedOut.fired { throw SMTPClientError.timeout(timeout) }
            return reply
        } catch let error as SMTPClientError {
            throw error
        } catch {
            if timedOut.fired { throw SMTPClientError.timeout(timeout) }
            throw error
        }
    }

    /// SNI and certificate name: the host name, or nil for an IP address (then the certificate must name the
    /// address).
    static func serverHostname(_ host: String) -> String? {
        let isAddress = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        return isAddress ? nil : host
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? SMTPClientError { return error.description }
        if let error = error as? NIOSSLError { return "TLS failed: \(error)" }
        if let error = error as? BoringSSLError { return "TLS failed: \(error)" }
        if let error = error as? NIOSSLExtraError { return "TLS failed: \(error)" }
        return "\(error)"
    }
}

/// What went wrong on the connection itself.
enum SMTPClientError: Error, CustomStringConvertible {
    /// No reply within the step timeout.
    case timeout(Duration)
    /// The relay closed the connection.
    case closedByRelay
    /// TLS could not be set up (`reason`), or STARTTLS was reached without it (none-loopback-only never asks).
    case tlsUnavailable(String)
    /// The relay, or someone on the path, sent plaintext after the reply to STARTTLS (``STARTTLSBoundary``).
    case plaintextAfterStartTLS

    var description: String {
        switch self {
        case .timeout(let duration): "no reply within \(duration) (VDXP_MONITORING_SMTP_TIMEOUT_SECONDS)"
        case .closedByRelay: "the relay closed the connection"
        case .tlsUnavailable(let reason): "TLS cannot be set up: \(reason)"
        case .plaintextAfterStartTLS:
            "the relay sent more plaintext after its reply to STARTTLS, which may be an attack on the path (RFC 3207 "
                + "§6): the connection was dropped before TLS; check the network between Monitoring and the relay"
        }
    }
}

/// Set once (by the step timer, or when the TLS handshake ends), read by the other side.
private final class TimeoutFlag: Sendable {
    private let value = Atomic(false)
    func fire() { value.store(true, ordering: .relaxed) }
    var fired: Bool { value.load(ordering: .relaxed) }
}

/// The step the conversation is in, for the outcome's detail.
private final class StepName: Sendable {
    private let value = Mutex("connecting")
    func set(_ text: String) { value.withLock { $0 = text } }
    func get() -> String { value.withLock { $0 } }
}
