package io.flinkrw.testutils;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM text, the form nats-server reads certificates and keys in. */
final class Pem {

    private Pem() {}

    static String of(String type, byte[] der) {
        String body =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
