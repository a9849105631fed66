package io.flinkrw.testutils;

import org.apache.flink.core.testutils.CommonTestUtils;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A JetStream cluster of three {@code nats-server} processes for one test class (or one test):
 * routed to each other on loopback, each with its own JetStream store, stopped by PID. Streams
 * created with {@link #createReplicatedStream} keep three replicas (R3).
 *
 * <p>Faults: {@link #kill(int)} is {@code kill -9} of one node; {@link #restart(int)} starts it
 * again on the same ports with the same store. {@link #streamLeader(String)} names the node that
 * leads a stream and {@link #stepDownStreamLeader(String)} makes it hand leadership to another;
 * {@link #consumerLeader(String, String)} and {@link #stepDownConsumerLeader(String, String)} do
 * the same for a consumer.
 *
 * <pre>{@code
 * @RegisterExtension static final NatsCluster NATS = NatsCluster.threeNodes();
 * ... 'server_url' = NATS.url() ...
 * }</pre>
 */
public final class NatsCluster extends TestServer {

    private static final String CLUSTER_NAME = "flinkrw";
    private static final int NODES = 3;
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** JetStream's error code for "no suitable peers for placement". */
    private static final int NO_SUITABLE_PEERS = 10005;

    private final ManagedProcess[] processes = new ManagedProcess[NODES];
    private final int[] clientPorts = new int[NODES];
    private final int[] routePorts = new int[NODES];

    private NatsCluster() {}

    /** Three nodes, {@code n0}, {@code n1} and {@code n2}. */
    public static NatsCluster threeNodes() {
        return new NatsCluster();
    }

    @Override
    protected String name() {
        return "nats-cluster";
    }

    @Override
    protected void startProcess(Path workDir) throws Exception {
        boolean portsChosen = clientPorts[0] > 0;
        for (int attempt = 1; ; attempt++) {
            if (!portsChosen) {
                for (int i = 0; i < NODES; i++) {
                    clientPorts[i] = FreePorts.pick();
                    routePorts[i] = FreePorts.pick();
                }
            }
            try {
                for (int i = 0; i < NODES; i++) {
                    if (!isRunning(i)) {
                        startNode(i);
                    }
                }
                awaitJetStream();
                return;
            } catch (IllegalStateException e) {
                stopProcess();
                // A port taken between picking and binding: pick new ones (first start only).
                if (portsChosen || attempt >= START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void startNode(int node) throws IOException {
        Path dir = Files.createDirectories(workDir().resolve(serverName(node)));
        Path config = dir.resolve("nats.conf");
        Files.writeString(config, configText(node, dir), StandardCharsets.UTF_8);
        ManagedProcess process =
                ManagedProcess.start(
                        "nats-server " + serverName(node),
                        List.of(TestBinaries.natsServer(), "-c", config.toString()),
                        dir,
                        Map.of(),
                        dir.resolve("nats-server.log"));
        processes[node] = process;
        process.awaitReady(
                () -> process.logContains("Server is ready") && FreePorts.isListening(port(node)),
                READY_TIMEOUT);
    }

    private String configText(int node, Path dir) {
        StringBuilder routes = new StringBuilder();
        for (int other = 0; other < NODES; other++) {
            if (other != node) {
                routes.append("    \"nats-route://127.0.0.1:")
                        .append(routePorts[other])
                        .append("\"\n");
            }
        }
        return "server_name: "
                + serverName(node)
                + "\nlisten: 127.0.0.1:"
                + clientPorts[node]
                + "\njetstream {\n  store_dir: \""
                + dir.resolve("jetstream")
                + "\"\n}\ncluster {\n  name: "
                + CLUSTER_NAME
                + "\n  listen: 127.0.0.1:"
                + routePorts[node]
                + "\n  routes: [\n"
                + routes
                + "  ]\n}\n";
    }

    /** Waits until the JetStream API answers (a metadata leader is elected). */
    private void awaitJetStream() {
        waitFor(
                () -> {
                    try (Connection connection = Nats.connect(optionsBuilder().build())) {
                        connection.jetStreamManagement().getAccountStatistics();
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                },
                READY_TIMEOUT,
                "the JetStream cluster to elect a metadata leader");
    }

    @Override
    protected void stopProcess() {
        for (int i = 0; i < NODES; i++) {
            stop(i);
        }
    }

    @Override
    public boolean isRunning() {
        for (int i = 0; i < NODES; i++) {
            if (!isRunning(i)) {
                return false;
            }
        }
        return true;
    }

    public boolean isRunning(int node) {
        return processes[node] != null && processes[node].isAlive();
    }

    /** Stops one node gracefully (SIGTERM, then SIGKILL). */
    public void stop(int node) {
        if (processes[node] != null) {
            processes[node].stop(Duration.ofSeconds(5));
            processes[node] = null;
        }
    }

    /** Kills one node with SIGKILL, as {@code kill -9} would; its store stays for a restart. */
    public void kill(int node) {
        if (processes[node] != null) {
            processes[node].kill();
            processes[node] = null;
        }
    }

    /** Starts a stopped or killed node again, on its ports and with its store. */
    public void restart(int node) {
        if (isRunning(node)) {
            return;
        }
        try {
            startNode(node);
        } catch (IOException e) {
            throw new IllegalStateException("Could not restart " + serverName(node), e);
        }
    }

    public int size() {
        return NODES;
    }

    /** The server name of a node, as JetStream's cluster information reports it. */
    public String serverName(int node) {
        return "n" + node;
    }

    /** The node with that server name. */
    public int node(String serverName) {
        for (int i = 0; i < NODES; i++) {
            if (serverName(i).equals(serverName)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No node is called " + serverName);
    }

    public int port(int node) {
        if (clientPorts[node] <= 0) {
            throw new IllegalStateException("The NATS cluster has not been started");
        }
        return clientPorts[node];
    }

    public long pid(int node) {
        if (processes[node] == null) {
            throw new IllegalStateException(serverName(node) + " is not running");
        }
        return processes[node].pid();
    }

    /** {@code nats://127.0.0.1:port} of one node. */
    public String url(int node) {
        return "nats://127.0.0.1:" + port(node);
    }

    /** The URLs of all nodes, comma-separated, as {@code server_url} takes them. */
    public String url() {
        return String.join(",", urls());
    }

    public List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            urls.add(url(i));
        }
        return urls;
    }

    /** jnats options for all nodes: reconnects without limit, short timeouts. */
    public Options.Builder optionsBuilder() {
        return new Options.Builder()
                .servers(urls().toArray(new String[0]))
                .connectionTimeout(Duration.ofSeconds(3))
                .reconnectWait(Duration.ofMillis(100))
                .maxReconnects(-1);
    }

    /**
     * Creates a file-stored stream with three replicas and waits until all are current. Right after
     * a start the metadata leader may not know every peer yet ("no suitable peers for placement"):
     * creating is retried until it does.
     */
    public void createReplicatedStream(String stream, String... subjects) throws Exception {
        StreamConfiguration config =
                StreamConfiguration.builder()
                        .name(stream)
                        .subjects(subjects)
                        .storageType(StorageType.File)
                        .replicas(NODES)
                        .build();
        Exception[] last = {null};
        try (Connection connection = Nats.connect(optionsBuilder().build())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            waitFor(
                    () -> {
                        try {
                            jsm.addStream(config);
                            return true;
                        } catch (JetStreamApiException e) {
                            if (e.getApiErrorCode() != NO_SUITABLE_PEERS) {
                                throw new IllegalStateException(
                                        "Could not create stream " + stream, e);
                            }
                            last[0] = e;
                            return false;
                        } catch (IOException e) {
                            last[0] = e;
                            return false;
                        }
                    },
                    READY_TIMEOUT,
                    "stream " + stream + " to be created");
        } catch (IllegalStateException e) {
            if (last[0] != null) {
                e.addSuppressed(last[0]);
            }
            throw e;
        }
        awaitReplicasCurrent(stream, READY_TIMEOUT);
    }

    /** The stream's cluster information: its leader and replicas, as the cluster reports it. */
    public ClusterInfo streamCluster(String stream) throws IOException, JetStreamApiException {
        try (Connection connection = Nats.connect(optionsBuilder().build())) {
            return streamInfo(connection.jetStreamManagement(), stream).getClusterInfo();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static StreamInfo streamInfo(JetStreamManagement jsm, String stream)
            throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(stream);
    }

    /** The consumer's cluster information: its leader and replicas, as the cluster reports it. */
    public ClusterInfo consumerCluster(String stream, String consumer)
            throws IOException, JetStreamApiException {
        try (Connection connection = Nats.connect(optionsBuilder().build())) {
            return connection
                    .jetStreamManagement()
                    .getConsumerInfo(stream, consumer)
                    .getClusterInfo();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The node that leads {@code stream}, waiting for an election when it has none. */
    public int streamLeader(String stream) {
        return leader(() -> streamCluster(stream), "stream " + stream);
    }

    /**
     * The node that leads {@code consumer} of {@code stream}, waiting for an election when it has
     * none. A durable consumer of an R3 stream has three replicas; an ephemeral one has a single
     * replica, which is its leader for good.
     */
    public int consumerLeader(String stream, String consumer) {
        return leader(
                () -> consumerCluster(stream, consumer),
                "consumer " + consumer + " of stream " + stream);
    }

    /**
     * Asks the leader of {@code stream} to step down ({@code $JS.API.STREAM.LEADER.STEPDOWN}) and
     * waits until another node leads it; returns that node.
     */
    public int stepDownStreamLeader(String stream) throws Exception {
        return stepDown(
                "$JS.API.STREAM.LEADER.STEPDOWN." + stream,
                () -> streamCluster(stream),
                "stream " + stream);
    }

    /**
     * Asks the leader of a replicated consumer to step down ({@code
     * $JS.API.CONSUMER.LEADER.STEPDOWN}, which jnats has no method for) and waits until another
     * node leads it; returns that node.
     */
    public int stepDownConsumerLeader(String stream, String consumer) throws Exception {
        return stepDown(
                "$JS.API.CONSUMER.LEADER.STEPDOWN." + stream + "." + consumer,
                () -> consumerCluster(stream, consumer),
                "consumer " + consumer + " of stream " + stream);
    }

    /** Cluster information of one stream or consumer. */
    private interface ClusterLookup {
        ClusterInfo get() throws Exception;
    }

    private int leader(ClusterLookup lookup, String what) {
        int[] leader = {-1};
        waitFor(
                () -> {
                    leader[0] = runningLeader(lookup);
                    return leader[0] >= 0;
                },
                READY_TIMEOUT,
                "a leader of " + what);
        return leader[0];
    }

    /** The running node that leads, or -1 while there is none (or no answer). */
    private int runningLeader(ClusterLookup lookup) {
        try {
            String name = lookup.get().getLeader();
            if (name == null || name.isEmpty()) {
                return -1;
            }
            int node = node(name);
            return isRunning(node) ? node : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private int stepDown(String apiSubject, ClusterLookup lookup, String what) throws Exception {
        int before = leader(lookup, what);
        try (Connection connection = Nats.connect(optionsBuilder().build())) {
            Message reply = connection.request(apiSubject, new byte[0], Duration.ofSeconds(10));
            String answer =
                    reply == null
                            ? "no answer"
                            : new String(reply.getData(), StandardCharsets.UTF_8);
            if (!answer.contains("\"success\":true")) {
                throw new IllegalStateException(
                        "The leader of " + what + " did not step down: " + answer);
            }
        }
        int[] after = {-1};
        waitFor(
                () -> {
                    after[0] = runningLeader(lookup);
                    return after[0] >= 0 && after[0] != before;
                },
                READY_TIMEOUT,
                "a new leader of " + what);
        return after[0];
    }

    /** Waits until every replica of {@code stream} runs and is current. */
    public void awaitReplicasCurrent(String stream, Duration timeout) {
        waitFor(
                () -> {
                    try {
                        ClusterInfo cluster = streamCluster(stream);
                        if (cluster.getLeader() == null || cluster.getReplicas() == null) {
                            return false;
                        }
                        List<Replica> replicas = cluster.getReplicas();
                        return replicas.size() == NODES - 1
                                && replicas.stream().allMatch(r -> r.isCurrent() && !r.isOffline());
                    } catch (Exception e) {
                        return false;
                    }
                },
                timeout,
                "all replicas of stream " + stream + " to be current");
    }

    /** Flink's {@link CommonTestUtils#waitUtil}, failing with an unchecked exception. */
    private static void waitFor(Supplier<Boolean> condition, Duration timeout, String what) {
        try {
            CommonTestUtils.waitUtil(
                    condition,
                    timeout,
                    POLL_INTERVAL,
                    "Timed out after " + timeout + " waiting for " + what);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        }
    }

    /** The log file of one node. */
    public Path logFile(int node) {
        return workDir().resolve(serverName(node)).resolve("nats-server.log");
    }

    @Override
    public String toString() {
        return "NatsCluster" + (clientPorts[0] > 0 ? urls() : "");
    }
}
