package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.connector.nats.client.JetStreamClient;
import io.flinkrw.connector.nats.client.JetStreamException;
import io.flinkrw.connector.nats.client.JnatsJetStreamClient;
import io.flinkrw.connector.nats.client.StreamState;
import io.flinkrw.connector.nats.config.BoundedMode;
import io.flinkrw.connector.nats.config.NatsConnectorOptions;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.config.NatsStreamSettings;
import io.flinkrw.connector.nats.config.StartupMode;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.RetentionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Plans splits against the NATS server with a short-lived connection: resolves (or creates) the
 * stream of each subject and, in bounded mode, the last sequence each stream holds now.
 */
@Internal
public final class JetStreamSplitPlanner implements NatsSplitPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamSplitPlanner.class);

    private final NatsSourceConfig config;
    private final Instant latestStart;
    private final Supplier<JetStreamClient> clients;

    /**
     * @param latestStart where {@code latest} starts: the instant the source was built
     */
    public JetStreamSplitPlanner(NatsSourceConfig config, Instant latestStart) {
        this(
                config,
                latestStart,
                () ->
                        new JnatsJetStreamClient(
                                config.connection(),
                                "flink-nats-enumerator",
                                "the split enumerator"));
    }

    @VisibleForTesting
    JetStreamSplitPlanner(
            NatsSourceConfig config, Instant latestStart, Supplier<JetStreamClient> clients) {
        this.config = config;
        this.latestStart = latestStart;
        this.clients = clients;
    }

    @Override
    public List<NatsSubjectSplit> plan(List<String> subjects) throws Exception {
        try (JetStreamClient client = clients.get()) {
            client.connect();
            Map<String, Long> lastSequenceByStream = new HashMap<>();
            List<NatsSubjectSplit> splits = new ArrayList<>();
            NatsStreamSettings streamSettings = config.streamSettings();
            if (streamSettings.stream() != null) {
                ensureStreamExists(client, streamSettings);
            }
            Map<String, StreamState> checked = new HashMap<>();
            for (String subject : subjects) {
                String stream = streamOf(client, subject, streamSettings.stream());
                StreamState state = checked.get(stream);
                if (state == null) {
                    state = checkRetention(client, stream);
                    checked.put(stream, state);
                }
                long stop = NatsSubjectSplit.NO_STOPPING_SEQUENCE;
                if (config.boundedMode() == BoundedMode.LATEST) {
                    Long last = lastSequenceByStream.get(stream);
                    if (last == null) {
                        last = existing(client.stream(stream), stream).lastSequence();
                        lastSequenceByStream.put(stream, last);
                    }
                    stop = last;
                }
                splits.add(new NatsSubjectSplit(stream, subject, startPosition(), stop));
            }
            LOG.info("Planned NATS splits {}", splits);
            return splits;
        }
    }

    private StartPosition startPosition() {
        switch (config.startupMode()) {
            case LATEST:
                return StartPosition.timestamp(latestStart);
            case TIMESTAMP:
                return StartPosition.timestamp(
                        Instant.ofEpochMilli(config.startupTimestampMillis()));
            default:
                return StartPosition.earliest();
        }
    }

    private void ensureStreamExists(JetStreamClient client, NatsStreamSettings settings)
            throws IOException, JetStreamException {
        String stream = settings.stream();
        if (client.stream(stream) != null) {
            return;
        }
        if (!settings.allowCreate()) {
            throw new IOException(
                    String.format(
                            "The NATS stream '%s' does not exist. Create it, or set '%s' ="
                                    + " 'true' to let the source create it.",
                            stream, NatsConnectorOptions.ALLOW_CREATE_STREAM.key()));
        }
        LOG.info("Creating the NATS stream '{}' for subjects {}", stream, config.subjects());
        client.createStream(settings.creationConfiguration(config.subjects()));
    }

    private static String streamOf(JetStreamClient client, String subject, String configured)
            throws IOException, JetStreamException {
        List<String> streams = client.streamNames(subject);
        if (configured != null) {
            if (!streams.contains(configured)) {
                throw new IOException(
                        String.format(
                                "The NATS stream '%s' (option '%s') does not store subject '%s'."
                                        + " Streams that store it: %s.",
                                configured, NatsConnectorOptions.STREAM.key(), subject, streams));
            }
            return configured;
        }
        if (streams.isEmpty()) {
            throw new IOException(
                    String.format(
                            "No NATS JetStream stream stores subject '%s'. Create one, or set"
                                    + " '%s' and '%s' = 'true'.",
                            subject,
                            NatsConnectorOptions.STREAM.key(),
                            NatsConnectorOptions.ALLOW_CREATE_STREAM.key()));
        }
        if (streams.size() > 1) {
            throw new IOException(
                    String.format(
                            "Subject '%s' is stored by several NATS streams: %s. List subjects"
                                    + " that each belong to one stream, or set '%s'.",
                            subject, streams, NatsConnectorOptions.STREAM.key()));
        }
        return streams.get(0);
    }

    /**
     * Interest-based streams drop messages nobody is interested in, and the readers reposition by
     * recreating consumers, which would drop unread messages; work-queue streams delete what is
     * delivered unless it has to be acked, and refuse a second consumer on the same subjects, which
     * an ephemeral consumer left behind by a failed reader would be until it times out.
     */
    private StreamState checkRetention(JetStreamClient client, String stream)
            throws IOException, JetStreamException {
        StreamState info = existing(client.stream(stream), stream);
        RetentionPolicy retention = info.retention();
        if (retention == RetentionPolicy.Interest) {
            throw new IllegalStateException(
                    String.format(
                            "NATS stream '%s' has interest retention, which this source does not"
                                    + " read: it recreates consumers to resume exactly where"
                                    + " Flink's state says, and on an interest-based stream that"
                                    + " would drop unread messages. Use limits or work-queue"
                                    + " retention.",
                            stream));
        }
        if (retention == RetentionPolicy.WorkQueue
                && (config.consumer().ackPolicy() != AckPolicy.Explicit
                        || !config.consumer().isDurable()
                        || config.startupMode() != StartupMode.EARLIEST)) {
            throw new IllegalStateException(
                    String.format(
                            "NATS stream '%s' is a work queue: it needs '%s' (one durable"
                                    + " consumer per subject, which a restarted reader takes"
                                    + " over; an ephemeral consumer left behind by a failed"
                                    + " reader would block every restart until it times out),"
                                    + " '%s' 'explicit' (the default with a durable name; the"
                                    + " server refuses other ack policies there) and '%s'"
                                    + " 'earliest' (a work queue is read from its oldest message"
                                    + " still queued).",
                            stream,
                            NatsConnectorOptions.CONSUMER_DURABLE_NAME.key(),
                            NatsConnectorOptions.CONSUMER_ACK_POLICY.key(),
                            NatsConnectorOptions.SCAN_STARTUP_MODE.key()));
        }
        return info;
    }

    private static StreamState existing(StreamState state, String stream) throws IOException {
        if (state == null) {
            throw new IOException("The NATS stream '" + stream + "' does not exist");
        }
        return state;
    }
}
