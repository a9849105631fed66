package io.flinkrw.testutils;

/**
 * A JVM that starts a server and then waits to be killed; {@link ManagedProcessITCase} runs it to
 * prove that the server does not outlive it. Prints the server's PID on its first line; with {@code
 * exit} it then exits when its stdin is closed, otherwise it waits to be killed.
 */
public final class OrphanProbe {

    private OrphanProbe() {}

    public static void main(String[] args) throws Exception {
        TestServer server =
                "kinesis-local".equals(args[0])
                        ? KinesisEmulator.kinesisLocal()
                        : NatsServer.plain();
        server.startUp();
        long pid =
                server instanceof NatsServer
                        ? ((NatsServer) server).pid()
                        : ((KinesisEmulator) server).pid();
        System.out.println(pid);
        System.out.flush();
        if (args.length > 1 && "exit".equals(args[1])) {
            // Exits (without stopping the server) when the test closes stdin.
            while (System.in.read() >= 0) {
                // wait for the end of stdin
            }
            System.exit(3);
        }
        Thread.currentThread().join();
    }
}
