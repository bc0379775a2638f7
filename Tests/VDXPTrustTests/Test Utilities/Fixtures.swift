/// Keys and certificates made with OpenSSL 3.0 for these tests only; they protect nothing.
enum Fixtures {
    /// `openssl ecparam -name prime256v1 -genkey`: an `EC PARAMETERS` block, then a SEC 1 `EC PRIVATE KEY`.
    static let p256SEC1KeyWithParameters = """
        -----BEGIN EC PARAMETERS-----
        BggqhkjOPQMBBw==
        -----END EC PARAMETERS-----
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIG2W6itpKtQOwne44XeDOR7Hj+FWuizKf3Y84oGi/BLHoAoGCCqGSM49
        AwEHoUQDQgAE5quIOjEWMIxYbyzsWJ3bQUOnEIBZ3Ygu2MMZeP36FakNucJa8do4
        2YACMHpVXt/wFE7uDPdiD7qdoUChbB5llA==
        -----END EC PRIVATE KEY-----
        """

    /// `openssl ecparam -name secp384r1 -genkey -noout`: a SEC 1 `EC PRIVATE KEY` on P-384.
    static let p384SEC1Key = """
        -----BEGIN EC PRIVATE KEY-----
        MIGkAgEBBDCFHqeH4OgfaN7Z7zbEmAa2LxZy41oUrbMpKHyyXR+exrw1IXuyQw9O
        M+KzV10y06WgBwYFK4EEACKhZANiAAQxSWUMDSWgpAU8lXo/yNe1dJbTbeuFSzC7
        VWEqs4wciW9rMSS93ExAnkN1K92UlSUXcPOt+4d9Xp4PDHDp66GukXAhUcuyPUHH
        X6adZ49r1PsoYPiOdJntF+b2OCN90Iw=
        -----END EC PRIVATE KEY-----
        """

    /// `openssl genpkey -algorithm ed25519`: a PKCS #8 key of a type VDXP does not accept.
    static let ed25519Key = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEING8yxg5rgFrrnrJT9hs9Fynv/AIkUPD26Lc5fV9mk9c
        -----END PRIVATE KEY-----
        """

    /// `openssl req -x509 -new -key <p256SEC1KeyWithParameters> -subj "/CN=Fingerprint Fixture/O=VDXP Tests"
    /// -days 36500 -set_serial 4242`.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBqjCCAVGgAwIBAgICEJIwCgYIKoZIzj0EAwIwMzEcMBoGA1UEAwwTRmluZ2Vy
        cHJpbnQgRml4dHVyZTETMBEGA1UECgwKVkRYUCBUZXN0czAgFw0yNjExMjMxMTA1
        NTRaGA8yMTI2MTAzMDExMDU1NFowMzEcMBoGA1UEAwwTRmluZ2VycHJpbnQgRml4
        dHVyZTETMBEGA1UECgwKVkRYUCBUZXN0czBZMBMGByqGSM49AgEGCCqGSM49AwEH
        A0IABOariDoxFjCMWG8s7Fid20FDpxCAWd2ILtjDGXj9+hWpDbnCWvHaONmAAjB6
        VV7f8BRO7gz3Yg+6naFAoWweZZSjUzBRMB0GA1UdDgQWBBS/pCGX2aQa7ABwWOEC
        ikubwYoF2DAfBgNVHSMEGDAWgBS/pCGX2aQa7ABwWOECikubwYoF2DAPBgNVHRMB
        Af8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIH/vpLy2+uRC9MoGaT3b1EDm/Lar
        vK01GCm7AEsX9iEnAiBEIOUdbI6sW3SjAT5BlnCeAyE8QoVpJC7EST8ahA0aqg==
        -----END CERTIFICATE-----
        """

    /// `openssl x509 -in <certificate> -noout -fingerprint -sha256`, colons removed, lowercased.
    static let certificateFingerprint = "226bcf0cc3b9c26b16bab43cd838478429f2a160caa4af6b3f7692a526f2df84"
}
