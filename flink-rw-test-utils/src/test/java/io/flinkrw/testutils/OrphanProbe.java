package io.flinkrw.testutils;

/**
 * A JVM that starts a server and then waits to be killed; {@link ManagedProcessITCase} runs it to
 * prove that the server does not outlive it. Prints the server's PID on its first line.
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
            System.exit(3);
        }
        Thread.currentThread().join();
    }
}
