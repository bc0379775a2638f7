import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Keeps the trusted authorities' revocation lists fresh by itself (Art. 7.3): every `interval`, for each unretired
/// authority with a `revocation_list_url`, fetches the list and takes it in as an upload would
/// (``RevocationListIntake``: the same checks, audited as `service:central`), recording each attempt's time and
/// failure on the authority. A held list past its nextUpdate that cannot be refreshed is logged as an error at every
/// attempt, naming the authority, so that the operator fetches it by hand.
///
/// Setting: `VDXP_CRL_REFRESH_SECONDS` (60 to 86400; default 3600). Several replicas may fetch the same list:
/// the intake stores a list only when it is newer than the one held, so the second finds it unchanged.
struct RevocationListRefresher: Service {
    let context: CentralContext
    var interval: Duration = .seconds(3600)
    var fetch: @Sendable (String) async throws -> [UInt8] = RevocationListSource.fetch

    /// The actor the audit trail names for a list Central fetched itself.
    static let actor = "service:central (revocation list refresh)"

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: context.logger, failure: "cannot refresh revocation lists") {
            try await refreshAll()
        }
    }

    /// One round over every unretired authority with a URL.
    func refreshAll() async throws {
        let now = context.realTime.now()
        for authority in try await context.stores.authorities.all()
        where !authority.revocationListURL.isEmpty && (!authority.hasRetireTime || authority.retireTime.date > now) {
            await refresh(authority)
        }
    }

    /// Fetches and takes in `authority`'s list; records the attempt. Never throws: a failure is recorded and logged.
    func refresh(_ authority: Vdxp_Central_V1_TrustedAuthority) async {
        let fingerprint = authority.fingerprintSha256
        let url = authority.revocationListURL
        var failure: String?
        do {
            let der: [UInt8]
            do {
                der = try await fetch(url)
            } catch {
                throw RevocationListSource.FetchError(description: "cannot fetch \(url): \(error)")
            }
            let outcome = try await RevocationListIntake(context: context).take(
                der, actor: Self.actor, expectedAuthority: fingerprint, field: "the CRL at \(url)")
            if case .stored(let list) = outcome {
                context.logger.notice(
                    "revocation list refreshed",
                    metadata: [
                        "authority": "\(fingerprint)", "crl_number": "\(list.crlNumber)",
                        "revoked": "\(list.revokedSerialNumbers.count)",
                    ])
            }
        } catch {
            failure = "\(error)"
        }
        do {
            try await context.stores.authorities.recordRevocationListCheck(
                of: fingerprint, at: context.realTime.now(), failure: failure)
        } catch {
            context.logger.error(
                "cannot record a revocation list check",
                metadata: ["authority": "\(fingerprint)", "error": "\(loggedDescription(of: error))"])
        }
        guard let failure else { return }
        let held = try? await context.stores.authorities.revocationLists().first {
            $0.authorityFingerprintSha256 == fingerprint
        }
        let stale = held.map { $0.hasNextUpdate && $0.nextUpdate.date < context.realTime.now() } ?? true
        let metadata: Logger.Metadata = [
            "authority": "\(fingerprint)", "display_name": "\(authority.displayName)", "url": "\(url)",
            "error": "\(failure)",
        ]
        if stale {
            context.logger.error(
                """
                the revocation list held is past its nextUpdate (or none is held) and cannot be refreshed: fetch it \
                and upload it (vdxp org upload-crl), or fix the URL
                """, metadata: metadata)
        } else {
            context.logger.warning(
                "cannot refresh a revocation list; the one held is still current", metadata: metadata)
        }
    }
}
