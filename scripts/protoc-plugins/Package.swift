// swift-tools-version: 6.0
// Builds the two protoc plugins used by scripts/generate-protos.sh.
// Kept apart from the main package so that normal builds never compile a plugin.
import PackageDescription

let package = Package(
    name: "protoc-plugins",
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    ]
)
