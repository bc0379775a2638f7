// swift-tools-version: 6.1
//
// VDXP — the National Document Exchange Platform (Trục liên thông văn bản quốc gia).
//
// Six services (Central, Exchange, Monitoring, Ticket, Report, Search), the libraries they share,
// and the `vdxp` command-line tool. Dependencies point one way:
//   services  → VDXPRuntime → VDXPStore, VDXPTrust, VDXPCore → VDXPProto
//   vdxp tool → VDXPDevelopment → VDXPClient → VDXPRuntime
//   tests     → the service libraries, VDXPDevelopment, VDXPLocalCluster
//   vdxp-fuzz → VDXPFuzzTargets → VDXPRuntime (the untrusted-input parsers, for libFuzzer and the tests)
// Targets are cut by who uses them: a service binary links production code only — no development PKI, no test
// clock, no client helpers (VDXPClient, VDXPDevelopment and VDXPLocalCluster are for the tool and the tests).
// A service never imports another service's library; services meet only through the proto contract.

import PackageDescription

/// One set of compiler settings for every target, as grpc-swift-2 does.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Generated code is left in Swift 6 mode but without the import-visibility features it was not written for.
let generatedSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6)
]

let grpcCore: Target.Dependency = .product(name: "GRPCCore", package: "grpc-swift-2")
let grpcProtobuf: Target.Dependency = .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let grpcPosix: Target.Dependency = .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport")
let swiftProtobuf: Target.Dependency = .product(name: "SwiftProtobuf", package: "swift-protobuf")
let postgres: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let cryptoExtras: Target.Dependency = .product(name: "_CryptoExtras", package: "swift-crypto")
let x509: Target.Dependency = .product(name: "X509", package: "swift-certificates")
let asn1: Target.Dependency = .product(name: "SwiftASN1", package: "swift-asn1")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

/// The libraries every service is built from.
let serviceLibraryDependencies: [Target.Dependency] = [
    "VDXPCore", "VDXPProto", "VDXPTrust", "VDXPStore", "VDXPRuntime",
    grpcCore, grpcProtobuf, swiftProtobuf, postgres, logging, metrics, lifecycle, crypto, cryptoExtras, x509, asn1,
]

/// A service: its library (handlers, repository, jobs) and a thin executable.
func service(_ name: String, folder: String, extraDependencies: [Target.Dependency] = []) -> [Target] {
    [
        .target(
            name: "VDXP\(name)",
            dependencies: serviceLibraryDependencies + extraDependencies,
            path: "services/\(folder)/Library",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "vdxp-\(folder)",
            dependencies: [.target(name: "VDXP\(name)"), "VDXPRuntime"],
            path: "services/\(folder)/Main",
            swiftSettings: strictSettings
        ),
    ]
}

let package = Package(
    name: "vdxp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vdxp-central", targets: ["vdxp-central"]),
        .executable(name: "vdxp-exchange", targets: ["vdxp-exchange"]),
        .executable(name: "vdxp-monitoring", targets: ["vdxp-monitoring"]),
        .executable(name: "vdxp-ticket", targets: ["vdxp-ticket"]),
        .executable(name: "vdxp-report", targets: ["vdxp-report"]),
        .executable(name: "vdxp-search", targets: ["vdxp-search"]),
        .executable(name: "vdxp", targets: ["vdxp"]),
        .executable(name: "vdxp-fuzz", targets: ["vdxp-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Generated Swift for every .proto in proto/ (scripts/generate-protos.sh). Never edited by hand.
        .target(
            name: "VDXPProto",
            dependencies: [grpcCore, grpcProtobuf, swiftProtobuf],
            path: "shared/VDXPProto",
            swiftSettings: generatedSettings
        ),
        // Pure domain: identifiers, document rules, status machine, priorities. No I/O.
        .target(
            name: "VDXPCore",
            dependencies: ["VDXPProto", swiftProtobuf],
            path: "shared/VDXPCore",
            swiftSettings: strictSettings
        ),
        // PKI: certificate chains, document signatures, configuration signatures, hash chains.
        .target(
            name: "VDXPTrust",
            dependencies: [crypto, cryptoExtras, x509, asn1],
            path: "shared/VDXPTrust",
            swiftSettings: strictSettings
        ),
        // PostgreSQL: connection settings, per-schema migrations under an advisory lock, error mapping.
        .target(
            name: "VDXPStore",
            dependencies: [
                postgres, logging, lifecycle,
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "shared/VDXPStore",
            swiftSettings: strictSettings
        ),
        // Server bootstrap shared by the six services.
        .target(
            name: "VDXPRuntime",
            dependencies: [
                "VDXPCore", "VDXPProto", "VDXPTrust", "VDXPStore",
                grpcCore, grpcProtobuf, grpcPosix, swiftProtobuf, postgres, logging, metrics, lifecycle,
                crypto, x509, asn1,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            path: "shared/VDXPRuntime",
            swiftSettings: strictSettings
        ),
        // Calling the platform as a member, an operator or a service: mTLS clients, signed documents, bearer tokens.
        // For the `vdxp` tool, the tests and any Swift integrator; no service links it.
        .target(
            name: "VDXPClient",
            dependencies: [
                "VDXPCore", "VDXPProto", "VDXPTrust", "VDXPRuntime", grpcCore, grpcProtobuf, grpcPosix, swiftProtobuf,
                crypto, x509,
            ],
            path: "shared/VDXPClient",
            swiftSettings: strictSettings
        ),
        // Development and test helpers: the development PKI, seeding a local platform, a manual clock. Never linked
        // by a service binary (the model: NIOTestUtils, HummingbirdTesting).
        .target(
            name: "VDXPDevelopment",
            dependencies: [
                "VDXPCore", "VDXPProto", "VDXPTrust", "VDXPRuntime", "VDXPClient", grpcCore, swiftProtobuf, crypto,
                cryptoExtras, x509, asn1, logging,
            ],
            path: "shared/VDXPDevelopment",
            swiftSettings: strictSettings
        ),
        // Fuzz targets (fuzz/README.md): the parsers and verifiers that read untrusted bytes, run by libFuzzer
        // (`vdxp-fuzz` built with `--sanitize=fuzzer`, scripts/fuzz.sh) and replayed from the corpus by the tests.
        .target(
            name: "VDXPFuzzTargets",
            dependencies: ["VDXPCore", "VDXPProto", "VDXPTrust", "VDXPRuntime", swiftProtobuf, x509],
            path: "fuzz/Targets",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "vdxp-fuzz",
            dependencies: [
                "VDXPFuzzTargets", "VDXPCore", "VDXPProto", "VDXPTrust", "VDXPRuntime", "VDXPDevelopment",
                swiftProtobuf, x509, asn1,
            ],
            path: "fuzz/Main",
            swiftSettings: strictSettings
        ),
        // A local PostgreSQL cluster for `vdxp dev up` and the tests (initdb / pg_ctl).
        .target(
            name: "VDXPLocalCluster",
            dependencies: [logging],
            path: "shared/VDXPLocalCluster",
            swiftSettings: strictSettings
        ),
        // The command-line tool for operators, agencies and developers.
        .executableTarget(
            name: "vdxp",
            dependencies: [
                "VDXPCore", "VDXPProto", "VDXPTrust", "VDXPRuntime", "VDXPClient", "VDXPDevelopment",
                "VDXPLocalCluster", "VDXPStore",
                argumentParser, grpcCore, grpcProtobuf, grpcPosix, swiftProtobuf, crypto, x509, logging, postgres,
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "tools/vdxp",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VDXPCoreTests",
            dependencies: ["VDXPCore", "VDXPProto", swiftProtobuf],
            path: "Tests/VDXPCoreTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VDXPTrustTests",
            dependencies: ["VDXPTrust", "VDXPDevelopment", "VDXPFuzzTargets", crypto, cryptoExtras, x509, asn1],
            path: "Tests/VDXPTrustTests",
            swiftSettings: strictSettings
        ),
        // Central's access rules and request validation over an in-process transport: no PostgreSQL, no TLS.
        .testTarget(
            name: "CentralTests",
            dependencies: [
                "VDXPCentral", "VDXPClient", "VDXPCore", "VDXPDevelopment", "VDXPProto", "VDXPRuntime", "VDXPStore",
                "VDXPTrust", grpcCore,
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"), swiftProtobuf, postgres, logging,
                crypto, x509,
            ],
            path: "Tests/CentralTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ExchangeTests",
            dependencies: [
                "VDXPClient", "VDXPExchange", "VDXPProto", "VDXPRuntime", "VDXPStore", "VDXPTrust", grpcCore,
                grpcProtobuf,
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"), postgres, logging, swiftProtobuf,
                x509, .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/ExchangeTests",
            swiftSettings: strictSettings
        ),
        // Monitoring's pure rules (connection state, retries), access rules and request validation over an
        // in-process transport: no PostgreSQL, no TLS.
        .testTarget(
            name: "MonitoringTests",
            dependencies: [
                "VDXPMonitoring", "VDXPCore", "VDXPDevelopment", "VDXPProto", "VDXPRuntime", "VDXPStore", grpcCore,
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"), swiftProtobuf, postgres, logging,
            ],
            path: "Tests/MonitoringTests",
            swiftSettings: strictSettings
        ),
        // Ticket's pure rules (the support clock, the state graph, the figures) and its access rules.
        .testTarget(
            name: "TicketTests",
            dependencies: [
                "VDXPTicket", "VDXPCore", "VDXPProto", "VDXPRuntime", grpcCore, swiftProtobuf,
            ],
            path: "Tests/TicketTests",
            swiftSettings: strictSettings
        ),
        // Report's pure projection (journal events to rollups, against a brute-force recount), Vietnam-time periods,
        // request validation and access, the CSV and HTML renderers.
        .testTarget(
            name: "ReportTests",
            dependencies: [
                "VDXPReport", "VDXPCore", "VDXPProto", "VDXPRuntime", "VDXPStore", "VDXPLocalCluster", grpcCore,
                swiftProtobuf, postgres, logging,
            ],
            path: "Tests/ReportTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VDXPIntegrationTests",
            dependencies: [
                "VDXPCore", "VDXPProto", "VDXPTrust", "VDXPStore", "VDXPRuntime", "VDXPClient", "VDXPDevelopment",
                "VDXPLocalCluster", "VDXPCentral", "VDXPExchange", "VDXPMonitoring", "VDXPTicket", "VDXPReport",
                "VDXPSearch",
                grpcCore, grpcProtobuf, grpcPosix, swiftProtobuf, postgres, logging, lifecycle, crypto, x509, asn1,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            path: "Tests/VDXPIntegrationTests",
            swiftSettings: strictSettings
        ),
    ]
        + service(
            "Central",
            folder: "central",
            // Revocation lists fetched from the authorities' CRL distribution points (Art. 7.3); scrypt on a thread
            // pool of its own (NIOPosix), off Swift's cooperative threads.
            extraDependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        )
        + service(
            "Exchange",
            folder: "exchange",
            // Histograms with buckets of their own (the commit groups' sizes), made on the process's registry.
            extraDependencies: [.product(name: "Prometheus", package: "swift-prometheus")]
        )
        + service(
            "Monitoring",
            folder: "monitoring",
            // The notification channels (Art. 19.2): SMTP over SwiftNIO + NIOSSL, the SMS gateway over async-http-client.
            extraDependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        )
        + service("Ticket", folder: "ticket")
        + service("Report", folder: "report")
        + service("Search", folder: "search")
)
