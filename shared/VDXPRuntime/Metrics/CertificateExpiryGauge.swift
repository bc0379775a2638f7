import Foundation
import Metrics
import ServiceLifecycle

/// Publishes how long the service certificate this process presents has left
/// (`vdxp_tls_certificate_expires_in_seconds`), every minute. The process reads its certificate once, at start:
/// cert-manager's renewal (30 days before expiry) reaches a pod only when it restarts, so this figure — not the
/// renewed Secret's — says when the pod's peers will start refusing it (alert `VDXPCertificateNotReloaded`).
struct CertificateExpiryGauge: Service {
    /// When the certificate expires.
    let expiry: Date
    /// How often the figure is refreshed.
    var interval: Duration = .seconds(60)

    func run() async throws {
        let gauge = Gauge(label: "vdxp_tls_certificate_expires_in_seconds")
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                gauge.record(expiry.timeIntervalSinceNow)
                try? await Task.sleep(for: interval)
            }
        }
    }
}
