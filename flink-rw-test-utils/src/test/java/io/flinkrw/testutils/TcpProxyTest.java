package io.flinkrw.testutils;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpProxyTest {

    /** A server that echoes every byte on every connection. */
    private static ServerSocket echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor =
                new Thread(
                        () -> {
                            while (!server.isClosed()) {
                                try {
                                    Socket socket = server.accept();
                                    Thread echo =
                                            new Thread(
                                                    () -> {
                                                        try (socket) {
                                                            socket.getInputStream()
                                                                    .transferTo(
                                                                            socket
                                                                                    .getOutputStream());
                                                        } catch (IOException e) {
                                                            // the client went away
                                                        }
                                                    });
                                    echo.setDaemon(true);
                                    echo.start();
                                } catch (IOException e) {
                                    // closed
                                }
                            }
                        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] buffer = new byte[text.length()];
        InputStream in = socket.getInputStream();
        int read = 0;
        while (read < buffer.length) {
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                throw new IOException("closed after " + read + " bytes");
            }
            read += n;
        }
        return new String(buffer, StandardCharsets.UTF_8);
    }

    @Test
    void forwardsBytesAndSeversLiveConnectionsOnDemand() throws Exception {
        try (ServerSocket server = echoServer();
                TcpProxy proxy = TcpProxy.to("127.0.0.1", server.getLocalPort());
                Socket first = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(first, "hello")).isEqualTo("hello");
            assertThat(proxy.openConnections()).isEqualTo(1);

            assertThat(proxy.severAll()).isEqualTo(1);
            assertThatThrownBy(
                            () -> {
                                // The reset may surface on the write or on the read.
                                for (int i = 0; i < 10; i++) {
                                    roundTrip(first, "again");
                                }
                            })
                    .isInstanceOf(IOException.class);
            assertThat(proxy.openConnections()).isZero();
            assertThat(proxy.severedConnections()).isEqualTo(1);

            try (Socket second = new Socket("127.0.0.1", proxy.port())) {
                assertThat(roundTrip(second, "back")).isEqualTo("back");
                assertThat(proxy.acceptedConnections()).isEqualTo(2);
            }
        }
    }
}
