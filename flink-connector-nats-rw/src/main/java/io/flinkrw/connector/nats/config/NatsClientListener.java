package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.Internal;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what jnats observes (connection events, server errors, protocol problems) through SLF4J
 * instead of jnats' own console or JUL output, and tells its owner when the connection comes back
 * after a disconnect. Nothing it logs carries credentials: jnats' messages name servers and
 * subjects only.
 */
@Internal
public class NatsClientListener implements ErrorListener, ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(NatsClientListener.class);

    private final String label;
    private final Runnable onReconnect;
    private volatile String firstProblem;

    /**
     * @param label who owns the connection, for log lines (e.g. "reader 2")
     * @param onReconnect runs on a jnats thread after each reconnect; must not block
     */
    public NatsClientListener(String label, Runnable onReconnect) {
        this.label = label;
        this.onReconnect = onReconnect;
    }

    /** jnats still declares this (deprecated) method abstract; its successor delegates here. */
    @Override
    @SuppressWarnings("deprecation")
    public void connectionEvent(Connection conn, Events type) {
        onEvent(type);
    }

    @Override
    public void connectionEvent(Connection conn, Events type, Long time, String uriDetails) {
        onEvent(type);
    }

    private void onEvent(Events type) {
        switch (type) {
            case DISCONNECTED:
                LOG.warn("NATS connection of {} lost; reconnecting.", label);
                break;
            case RECONNECTED:
                LOG.info("NATS connection of {} re-established.", label);
                onReconnect.run();
                break;
            case LAME_DUCK:
                LOG.warn("The NATS server of {} entered lame duck mode.", label);
                break;
            case CONNECTED:
            case CLOSED:
                LOG.debug("NATS connection of {} {}.", label, type.getEvent());
                break;
            default:
                LOG.debug("NATS connection of {}: {}.", label, type.getEvent());
        }
    }

    /** The first error the server or the client reported, to explain a failed connect. */
    public String firstProblem() {
        return firstProblem;
    }

    private void problem(String problem) {
        if (firstProblem == null) {
            firstProblem = problem;
        }
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        problem(error);
        LOG.warn("NATS server error on the connection of {}: {}", label, error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        problem(exp.toString());
        LOG.warn("NATS client error on the connection of {}: {}", label, exp.toString());
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        LOG.warn("NATS reports a slow consumer on the connection of {}.", label);
    }

    @Override
    public void heartbeatAlarm(
            Connection conn,
            JetStreamSubscription sub,
            long lastStreamSequence,
            long lastConsumerSequence) {
        LOG.debug(
                "NATS heartbeat alarm on the connection of {} after stream sequence {}.",
                label,
                lastStreamSequence);
    }

    @Override
    public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
        LOG.info("NATS pull status on the connection of {}: {}", label, status);
    }

    @Override
    public void unhandledStatus(Connection conn, JetStreamSubscription sub, Status status) {
        LOG.debug("NATS status on the connection of {}: {}", label, status);
    }
}
