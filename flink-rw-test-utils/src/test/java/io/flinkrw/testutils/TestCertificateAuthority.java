package io.flinkrw.testutils;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;

/**
 * A certificate authority made for one test with the JDK's keytool: it issues server certificates
 * for any names (PEM files, as nats-server reads them) and gives clients a PKCS12 trust store that
 * holds only the authority, so a client trusts every certificate it issued, whatever its names.
 */
public final class TestCertificateAuthority {

    private static final String CA_ALIAS = "ca";
    private static final String PASSWORD = SelfSignedCertificate.STORE_PASSWORD;

    private final Path dir;
    private final Path keyStore;
    private final Path trustStore;

    private TestCertificateAuthority(Path dir, Path keyStore, Path trustStore) {
        this.dir = dir;
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /** Generates the authority's key pair and self-signed certificate into {@code dir}. */
    public static TestCertificateAuthority create(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("ca.p12");
        Keytool.run(
                dir,
                "-genkeypair",
                "-alias",
                CA_ALIAS,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "3650",
                "-dname",
                "CN=flink-rw test CA",
                "-ext",
                "bc:c",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        Path trustStore = dir.resolve("ca-truststore.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(CA_ALIAS, load(keyStore).getCertificate(CA_ALIAS));
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return new TestCertificateAuthority(dir, keyStore, trustStore);
    }

    /**
     * Issues a server certificate named {@code name} (file names and common name) for {@code
     * subjectAltNames} in keytool's syntax, e.g. {@code "dns:wrong.example"} or {@code
     * "dns:localhost,ip:127.0.0.1"}.
     */
    public IssuedCertificate issue(String name, String subjectAltNames) throws Exception {
        Path serverStore = dir.resolve(name + ".p12");
        Keytool.run(
                dir,
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=" + name,
                "-keystore",
                serverStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        Path request = dir.resolve(name + ".csr");
        Keytool.run(
                dir,
                "-certreq",
                "-alias",
                name,
                "-keystore",
                serverStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                request.toString());
        Path certificatePem = dir.resolve(name + "-cert.pem");
        Keytool.run(
                dir,
                "-gencert",
                "-rfc",
                "-alias",
                CA_ALIAS,
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-validity",
                "3650",
                "-ext",
                "SAN=" + subjectAltNames,
                "-infile",
                request.toString(),
                "-outfile",
                certificatePem.toString());
        Key key = load(serverStore).getKey(name, PASSWORD.toCharArray());
        Path privateKeyPem = dir.resolve(name + "-key.pem");
        Files.writeString(privateKeyPem, Pem.of("PRIVATE KEY", key.getEncoded()));
        return new IssuedCertificate(certificatePem, privateKeyPem);
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** A PKCS12 trust store holding only the authority, password {@link #trustStorePassword()}. */
    public Path trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return PASSWORD;
    }

    /** A server certificate and its private key, both PEM files. */
    public static final class IssuedCertificate {
        private final Path certificatePem;
        private final Path privateKeyPem;

        private IssuedCertificate(Path certificatePem, Path privateKeyPem) {
            this.certificatePem = certificatePem;
            this.privateKeyPem = privateKeyPem;
        }

        public Path certificatePem() {
            return certificatePem;
        }

        public Path privateKeyPem() {
            return privateKeyPem;
        }
    }
}
