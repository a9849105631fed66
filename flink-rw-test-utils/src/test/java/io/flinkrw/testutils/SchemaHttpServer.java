package io.flinkrw.testutils;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
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
 * A schema host for schema locations over {@code http://}: an HTTP server in the test JVM, on a
 * loopback port, that serves under {@code /files/} the files of its root directory and the files
 * {@link #put} in memory, and 404 for anything else; answers HTTP 500 under {@code /broken/}; and
 * never answers under {@code /stalled/} (until it stops).
 *
 * <pre>{@code
 * @RegisterExtension static final SchemaHttpServer HTTP = SchemaHttpServer.create();
 * ...
 * Files.writeString(HTTP.root().resolve("order.avsc"), avsc);
 * String location = HTTP.url("order.avsc");
 * }</pre>
 */
public final class SchemaHttpServer extends TestServer {

    private static final String FILES = "/files/";

    private final Path root;
    private final Map<String, byte[]> inMemory = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    private HttpServer server;
    private ExecutorService executor;
    private CountDownLatch release;

    private SchemaHttpServer(Path root) {
        this.root = root;
    }

    /** A server of its own work directory ({@link #root()}), deleted when it stops. */
    public static SchemaHttpServer create() {
        return new SchemaHttpServer(null);
    }

    /** A server of the files under {@code root}, which it leaves alone. */
    public static SchemaHttpServer serving(Path root) {
        return new SchemaHttpServer(root.toAbsolutePath().normalize());
    }

    @Override
    protected String name() {
        return "schema-http";
    }

    @Override
    protected void startProcess(Path workDir) throws IOException {
        release = new CountDownLatch(1);
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(FILES, this::serveFile);
        server.createContext(
                "/broken/",
                exchange -> {
                    requests.incrementAndGet();
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                });
        CountDownLatch stalledUntil = release;
        server.createContext(
                "/stalled/",
                exchange -> {
                    requests.incrementAndGet();
                    try {
                        stalledUntil.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        server.setExecutor(executor);
        server.start();
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String name = exchange.getRequestURI().getPath().substring(FILES.length());
        byte[] body = inMemory.get(name);
        if (body == null) {
            Path dir = root();
            Path file = dir.resolve(name).normalize();
            if (file.startsWith(dir) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
            }
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
    }

    @Override
    protected void stopProcess() {
        if (release != null) {
            release.countDown();
        }
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The directory whose files are served. */
    public Path root() {
        return root != null ? root : workDir();
    }

    /** Serves {@code body} at {@link #url url(path)}, before any file of the root at that path. */
    public void put(String path, byte[] body) {
        inMemory.put(path, body.clone());
    }

    /** {@code http://127.0.0.1:port/files/<path>}. */
    public String url(String path) {
        return filesUrl() + "/" + path;
    }

    /** {@code http://127.0.0.1:port/files}: the base of every served file. */
    public String filesUrl() {
        return base() + "/files";
    }

    /** {@code http://127.0.0.1:port}, for the {@code /broken/} and {@code /stalled/} paths. */
    public String base() {
        if (server == null) {
            throw new IllegalStateException("The schema server is not running");
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests the server has had. */
    public int requests() {
        return requests.get();
    }

    @Override
    public String toString() {
        return "SchemaHttpServer{" + (server == null ? "stopped" : base()) + '}';
    }
}
