package io.flinkrw.testutils;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP front for a Kinesis emulator that answers chosen calls with AWS errors: each request is
 * forwarded to the emulator unless a fault rule for its operation (the {@code X-Amz-Target}, e.g.
 * {@code GetRecords}) says otherwise. A rule answers the next {@code n} calls, or each call with a
 * probability drawn from a seeded generator, with an {@link AwsFault}; a delay holds calls back
 * before they are forwarded. Error bodies are encoded as the request was (CBOR or JSON), so the AWS
 * SDK parses them into the exception class AWS would cause.
 *
 * <p>Plain HTTP/1.1 only: point the synchronous client's endpoint at {@link #endpoint()}; enhanced
 * fan-out's HTTP/2 subscriptions do not pass through it.
 *
 * <pre>{@code
 * try (KinesisFaultFront front = KinesisFaultFront.to(KINESIS.endpoint())) {
 *     front.failNext("GetRecords", AwsFault.THROTTLING, 20);
 *     options.put("endpoint", front.endpoint().toString());
 *     ...
 * }
 * }</pre>
 */
public final class KinesisFaultFront implements AutoCloseable {

    private static final String TARGET_PREFIX = "Kinesis_20131202.";
    private static final String CBOR = "application/x-amz-cbor-1.1";
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "expect", "transfer-encoding");

    /** An error as AWS answers it. */
    public enum AwsFault {
        THROTTLING(400, "ProvisionedThroughputExceededException", "Rate exceeded for shard"),
        LIMIT_EXCEEDED(400, "LimitExceededException", "Rate exceeded for stream"),
        RESOURCE_NOT_FOUND(400, "ResourceNotFoundException", "Requested resource not found"),
        EXPIRED_ITERATOR(400, "ExpiredIteratorException", "Iterator expired"),
        INTERNAL_FAILURE(500, "InternalFailure", "Internal service failure"),
        SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service unavailable");

        final int status;
        final String type;
        final String message;

        AwsFault(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    private KinesisFaultFront(URI upstream) throws IOException {
        this.upstream = upstream;
        this.executor = Executors.newCachedThreadPool();
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A front for the emulator at {@code upstream}, on a free loopback port. */
    public static KinesisFaultFront to(URI upstream) throws IOException {
        return new KinesisFaultFront(upstream);
    }

    /** Where clients send their calls. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next {@code count} calls of {@code operation} with {@code fault}. */
    public KinesisFaultFront failNext(String operation, AwsFault fault, int count) {
        rules.add(new Rule(operation, fault, new AtomicInteger(count), 0, null));
        return this;
    }

    /**
     * Answers each call of {@code operation} with {@code fault} with the given probability, drawn
     * from a generator seeded with {@code seed} (the same seed gives the same sequence of calls).
     */
    public KinesisFaultFront failRandomly(
            String operation, AwsFault fault, double probability, long seed) {
        rules.add(new Rule(operation, fault, null, probability, new Random(seed)));
        return this;
    }

    /** Holds every call of {@code operation} back this long before it is forwarded. */
    public KinesisFaultFront delay(String operation, Duration delay) {
        delays.put(operation, delay);
        return this;
    }

    /** Removes every rule and delay: calls are forwarded as they are. */
    public KinesisFaultFront heal() {
        rules.clear();
        delays.clear();
        return this;
    }

    /** The calls of {@code operation} received, faulted ones included. */
    public int calls(String operation) {
        return calls.getOrDefault(operation, new AtomicInteger()).get();
    }

    /** The calls of {@code operation} answered with a fault. */
    public int faults(String operation) {
        return faults.getOrDefault(operation, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation =
                    target != null && target.startsWith(TARGET_PREFIX)
                            ? target.substring(TARGET_PREFIX.length())
                            : String.valueOf(target);
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            Duration delay = delays.get(operation);
            if (delay != null) {
                Thread.sleep(delay.toMillis());
            }
            AwsFault fault = faultFor(operation);
            if (fault != null) {
                faults.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
                answerWith(exchange, fault);
            } else {
                forward(exchange, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AwsFault faultFor(String operation) {
        for (Rule rule : rules) {
            if (rule.operation.equals(operation) && rule.fires()) {
                return rule.fault;
            }
        }
        return null;
    }

    private void answerWith(HttpExchange exchange, AwsFault fault) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean cbor = contentType != null && contentType.startsWith(CBOR);
        byte[] body =
                cbor
                        ? cborMap("__type", fault.type, "message", fault.message)
                        : String.format(
                                        "{\"__type\":\"%s\",\"message\":\"%s\"}",
                                        fault.type, fault.message)
                                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", cbor ? CBOR : "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", fault.type + ":");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fault-front");
        exchange.sendResponseHeaders(fault.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                        .timeout(Duration.ofSeconds(60))
                        .method(
                                exchange.getRequestMethod(),
                                HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) -> {
                            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                                values.forEach(v -> request.header(name, v));
                            }
                        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        response.headers()
                .map()
                .forEach(
                        (name, values) -> {
                            if (!NOT_FORWARDED.contains(name.toLowerCase())
                                    && !name.startsWith(":")) {
                                exchange.getResponseHeaders().put(name, values);
                            }
                        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(
                response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** A CBOR map of text keys to text values (RFC 8949, definite lengths). */
    static byte[] cborMap(String... keysAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, keysAndValues.length / 2);
        for (String text : keysAndValues) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            head(out, 3, bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, int majorType, int length) {
        int major = majorType << 5;
        if (length < 24) {
            out.write(major | length);
        } else if (length < 0x100) {
            out.write(major | 24);
            out.write(length);
        } else {
            out.write(major | 25);
            out.write(length >>> 8);
            out.write(length & 0xff);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One fault rule: for a number of calls, or with a probability. */
    private static final class Rule {
        final String operation;
        final AwsFault fault;
        final AtomicInteger remaining;
        final double probability;
        final Random random;

        Rule(
                String operation,
                AwsFault fault,
                AtomicInteger remaining,
                double probability,
                Random random) {
            this.operation = operation;
            this.fault = fault;
            this.remaining = remaining;
            this.probability = probability;
            this.random = random;
        }

        boolean fires() {
            if (remaining != null) {
                return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            }
            synchronized (random) {
                return random.nextDouble() < probability;
            }
        }
    }
}
