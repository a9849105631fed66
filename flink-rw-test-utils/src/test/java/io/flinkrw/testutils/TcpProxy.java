package io.flinkrw.testutils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that forwards every connection to a target and can sever all
 * live connections on demand, as a network failure or a server closing them would. Anything that
 * runs over plain TCP passes through unchanged (HTTP/1.1, HTTP/2 with prior knowledge, TLS, NATS).
 * New connections are accepted again right after a {@link #severAll()}. Close it when done; it
 * starts only daemon threads.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger severed = new AtomicInteger();
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the proxy's port", e);
        }
        this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code host:port}. */
    public static TcpProxy to(String host, int port) {
        return new TcpProxy(host, port);
    }

    /** A proxy to the host and port of {@code uri} (its scheme's default port when it has none). */
    public static TcpProxy to(URI uri) {
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return new TcpProxy(uri.getHost(), port);
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code uri} with its host and port replaced by the proxy's. */
    public URI proxied(URI uri) {
        return URI.create(uri.getScheme() + "://127.0.0.1:" + port() + uri.getRawPath());
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Connections severed so far by {@link #severAll()}. */
    public int severedConnections() {
        return severed.get();
    }

    /**
     * Closes every live connection at once: the client sees a TCP reset, as when a network path
     * breaks; the server sees an orderly close, as when a client goes away (some servers do not
     * survive resets of their own connections). Returns how many were closed.
     */
    public int severAll() {
        int count = 0;
        for (Link link : links) {
            if (link.close(true)) {
                count++;
            }
        }
        severed.addAndGet(count);
        return count;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            accepted.incrementAndGet();
            Link link = new Link(client, upstream);
            links.add(link);
            link.start();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Link link : links) {
            link.close(false);
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TcpProxy(127.0.0.1:" + port() + " -> " + targetHost + ":" + targetPort + ")";
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** One proxied connection: two sockets and a pump thread per direction. */
    private final class Link {
        final Socket client;
        final Socket upstream;
        private final AtomicInteger state = new AtomicInteger();

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread thread =
                    new Thread(
                            () -> {
                                byte[] buffer = new byte[16 * 1024];
                                try (InputStream in = from.getInputStream();
                                        OutputStream out = to.getOutputStream()) {
                                    int n;
                                    while ((n = in.read(buffer)) >= 0) {
                                        out.write(buffer, 0, n);
                                        out.flush();
                                    }
                                } catch (IOException e) {
                                    // the other side or severAll closed it
                                } finally {
                                    close(false);
                                }
                            },
                            "tcp-proxy-" + port() + "-" + direction);
            thread.setDaemon(true);
            thread.start();
        }

        /** Closes both sockets once; returns whether this call did it. */
        boolean close(boolean reset) {
            if (!state.compareAndSet(0, 1)) {
                return false;
            }
            if (reset) {
                try {
                    client.setSoLinger(true, 0);
                } catch (SocketException e) {
                    // closed already
                }
            }
            closeQuietly(client);
            closeQuietly(upstream);
            links.remove(this);
            return true;
        }
    }
}
