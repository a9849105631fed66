package io.flinkrw.ddl;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP server on a loopback port that serves the files of a directory under {@code /schemas/},
 * and extra files registered with {@link #put}.
 */
final class SchemaServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> extra = new ConcurrentHashMap<>();

    SchemaServer(Path root) {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/schemas/",
                exchange -> {
                    String name =
                            exchange.getRequestURI().getPath().substring("/schemas/".length());
                    byte[] body = extra.get(name);
                    Path file = root.resolve(name).normalize();
                    if (body == null && file.startsWith(root) && Files.isRegularFile(file)) {
                        body = Files.readAllBytes(file);
                    }
                    if (body == null) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    /** Serves {@code body} at {@code base() + "/" + name}. */
    void put(String name, byte[] body) {
        extra.put(name, body);
    }

    /** {@code http://127.0.0.1:port/schemas}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/schemas";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
