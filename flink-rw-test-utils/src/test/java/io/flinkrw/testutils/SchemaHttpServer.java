package io.flinkrw.testutils;

import com.sun.net.httpserver.HttpExchange;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on a loopback port for schema files: it serves the files of a directory, and files
 * registered with {@link #put}, under {@code /files/}; answers 500 under {@code /broken/} and never
 * answers under {@code /stalled/} (until closed).
 */
public final class SchemaHttpServer implements AutoCloseable {

    private static final String FILES = "/files/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, byte[]> registered = new ConcurrentHashMap<>();

    /** Serves the files of {@code root}. */
    public SchemaHttpServer(Path root) {
        Path base = root.toAbsolutePath().normalize();
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                FILES,
                exchange -> {
                    requests.incrementAndGet();
                    String name = exchange.getRequestURI().getPath().substring(FILES.length());
                    byte[] body = registered.get(name);
                    Path file = base.resolve(name).normalize();
                    if (body == null && file.startsWith(base) && Files.isRegularFile(file)) {
                        body = Files.readAllBytes(file);
                    }
                    respond(exchange, body);
                });
        server.createContext(
                "/broken/",
                exchange -> {
                    requests.incrementAndGet();
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                });
        server.createContext(
                "/stalled/",
                exchange -> {
                    requests.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        server.setExecutor(executor);
        server.start();
    }

    private static void respond(HttpExchange exchange, byte[] body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Serves {@code body} at {@link #url url(name)}, before any file of the same name. */
    public void put(String name, byte[] body) {
        registered.put(name, body.clone());
    }

    /** {@code http://127.0.0.1:port/files/<relativePath>}. */
    public String url(String relativePath) {
        return directoryUrl() + "/" + relativePath;
    }

    /** {@code http://127.0.0.1:port/files}: the served directory, without a trailing slash. */
    public String directoryUrl() {
        return base() + FILES.substring(0, FILES.length() - 1);
    }

    /** {@code http://127.0.0.1:port}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests the server has had. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
