package io.flinkrw.testutils;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made for one test with the
 * JDK's keytool: PEM files for the server, and a PKCS12 trust store and SSL context for clients.
 */
public final class SelfSignedCertificate {

    /** Password of the generated key store and trust store. */
    public static final String STORE_PASSWORD = "changeit";

    private final Path certificatePem;
    private final Path privateKeyPem;
    private final Path trustStore;

    private SelfSignedCertificate(Path certificatePem, Path privateKeyPem, Path trustStore) {
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
        this.trustStore = trustStore;
    }

    /** Generates the key pair and certificate into {@code dir}. */
    public static SelfSignedCertificate create(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path keyStorePath = dir.resolve("server.p12");
        Keytool.run(
                dir,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "3650",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keyStorePath.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStorePath)) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        Key key = keyStore.getKey("server", STORE_PASSWORD.toCharArray());
        Certificate certificate = keyStore.getCertificate("server");

        Path certificatePem = dir.resolve("cert.pem");
        Path privateKeyPem = dir.resolve("key.pem");
        Files.writeString(certificatePem, Pem.of("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(privateKeyPem, Pem.of("PRIVATE KEY", key.getEncoded()));

        Path trustStore = dir.resolve("truststore.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }
        return new SelfSignedCertificate(certificatePem, privateKeyPem, trustStore);
    }

    public Path certificatePem() {
        return certificatePem;
    }

    public Path privateKeyPem() {
        return privateKeyPem;
    }

    /** A PKCS12 trust store holding the certificate, password {@link #STORE_PASSWORD}. */
    public Path trustStore() {
        return trustStore;
    }

    /** An SSL context that trusts only this certificate. */
    public SSLContext sslContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                trust.load(in, STORE_PASSWORD.toCharArray());
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Could not build an SSL context for " + trustStore, e);
        }
    }
}
