package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An {@link SSLContext} whose client sockets and engines check that the server's certificate is
 * issued for the host they connect to (the rules HTTPS uses: DNS or IP subject alternative names)
 * and send that name as SNI. jnats hands the host to {@link SSLSocketFactory#createSocket(Socket,
 * String, int, boolean)} but never asks for this check, so without it any certificate a trusted
 * authority issued, for any name, would be accepted.
 *
 * <p>A server a cluster announces by IP address (jnats adds them to its server list) is checked
 * against the first configured host name instead, as the NATS Go client does: the certificate must
 * still be for a name the user configured.
 */
@Internal
final class HostnameVerifyingSslContext extends SSLContext {

    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|.*:.*");

    /**
     * @param delegate the context with the trust (and key) managers
     * @param configuredHosts the hosts of the configured servers
     */
    HostnameVerifyingSslContext(SSLContext delegate, List<String> configuredHosts) {
        super(
                new Spi(delegate, new ExpectedName(configuredHosts)),
                delegate.getProvider(),
                delegate.getProtocol());
    }

    /** The name a server's certificate must carry, given the host jnats connects to. */
    private static final class ExpectedName {
        private final List<String> configuredHosts;
        @Nullable private final String firstConfiguredName;

        ExpectedName(List<String> configuredHosts) {
            this.configuredHosts = List.copyOf(configuredHosts);
            this.firstConfiguredName =
                    configuredHosts.stream()
                            .filter(h -> !IP_ADDRESS.matcher(h).matches())
                            .findFirst()
                            .orElse(null);
        }

        String of(String host) {
            if (firstConfiguredName != null
                    && IP_ADDRESS.matcher(host).matches()
                    && !configuredHosts.contains(host)) {
                return firstConfiguredName;
            }
            return host;
        }
    }

    private static SSLParameters verifying(SSLParameters parameters, @Nullable String host) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (host != null && !IP_ADDRESS.matcher(host).matches()) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                // Not a valid SNI name (e.g. "localhost" is fine, "a_b" is not): send none.
            }
        }
        return parameters;
    }

    private static Socket verifying(Socket socket, @Nullable String host) {
        if (socket instanceof SSLSocket) {
            SSLSocket ssl = (SSLSocket) socket;
            ssl.setSSLParameters(verifying(ssl.getSSLParameters(), host));
        }
        return socket;
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final SocketFactory socketFactory;
        private final ExpectedName expectedName;

        Spi(SSLContext delegate, ExpectedName expectedName) {
            this.delegate = delegate;
            this.expectedName = expectedName;
            this.socketFactory = new SocketFactory(delegate.getSocketFactory(), expectedName);
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("Already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return socketFactory;
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw new UnsupportedOperationException(
                    "A client engine needs the server's host name to verify it");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            String name = expectedName.of(host);
            SSLEngine engine = delegate.createSSLEngine(name, port);
            engine.setSSLParameters(verifying(engine.getSSLParameters(), name));
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }
    }

    private static final class SocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final ExpectedName expectedName;

        SocketFactory(SSLSocketFactory delegate, ExpectedName expectedName) {
            this.delegate = delegate;
            this.expectedName = expectedName;
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
                throws IOException {
            String name = expectedName.of(host);
            return verifying(delegate.createSocket(socket, name, port, autoClose), name);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return verifying(delegate.createSocket(host, port), host);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                throws IOException {
            return verifying(delegate.createSocket(host, port, localHost, localPort), host);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return verifying(delegate.createSocket(host, port), host.getHostAddress());
        }

        @Override
        public Socket createSocket(
                InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return verifying(
                    delegate.createSocket(address, port, localAddress, localPort),
                    address.getHostAddress());
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose)
                throws IOException {
            // Server side only: nothing to verify.
            return delegate.createSocket(socket, consumed, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
