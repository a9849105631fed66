package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.connector.nats.config.BoundedMode;
import io.flinkrw.connector.nats.config.NatsClientListener;
import io.flinkrw.connector.nats.config.NatsConnectorOptions;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.config.NatsStreamSettings;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;

import org.apache.flink.annotation.Internal;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans splits against the NATS server with a short-lived connection: resolves (or creates) the
 * stream of each subject and, in bounded mode, the last sequence each stream holds now.
 */
@Internal
public final class JetStreamSplitPlanner implements NatsSplitPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamSplitPlanner.class);

    /** JetStream's error code for a stream that does not exist. */
    private static final int STREAM_NOT_FOUND = 10059;

    private final NatsSourceConfig config;
    private final Instant latestStart;

    /**
     * @param latestStart where {@code latest} starts: the instant the source was built
     */
    public JetStreamSplitPlanner(NatsSourceConfig config, Instant latestStart) {
        this.config = config;
        this.latestStart = latestStart;
    }

    @Override
    public List<NatsSubjectSplit> plan(List<String> subjects) throws Exception {
        try (Connection connection =
                config.connection()
                        .connect(
                                "flink-nats-enumerator",
                                new NatsClientListener("the split enumerator", () -> {}))) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            Map<String, Long> lastSequenceByStream = new HashMap<>();
            List<NatsSubjectSplit> splits = new ArrayList<>();
            NatsStreamSettings streamSettings = config.streamSettings();
            if (streamSettings.stream() != null) {
                ensureStreamExists(jsm, streamSettings);
            }
            Map<String, StreamInfo> checked = new HashMap<>();
            for (String subject : subjects) {
                String stream = streamOf(jsm, subject, streamSettings.stream());
                checked.computeIfAbsent(stream, s -> checkRetention(jsm, s));
                long stop = NatsSubjectSplit.NO_STOPPING_SEQUENCE;
                if (config.boundedMode() == BoundedMode.LATEST) {
                    stop = lastSequenceByStream.computeIfAbsent(stream, s -> lastSequence(jsm, s));
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

    private void ensureStreamExists(JetStreamManagement jsm, NatsStreamSettings settings)
            throws IOException, JetStreamApiException {
        String stream = settings.stream();
        try {
            jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            if (!settings.allowCreate()) {
                throw new IOException(
                        String.format(
                                "The NATS stream '%s' does not exist. Create it, or set '%s' ="
                                        + " 'true' to let the source create it.",
                                stream, NatsConnectorOptions.ALLOW_CREATE_STREAM.key()),
                        e);
            }
            LOG.info("Creating the NATS stream '{}' for subjects {}", stream, config.subjects());
            jsm.addStream(settings.creationConfiguration(config.subjects()));
        }
    }

    private static String streamOf(JetStreamManagement jsm, String subject, String configured)
            throws IOException, JetStreamApiException {
        List<String> streams = jsm.getStreamNames(subject);
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
     * delivered unless it has to be acked.
     */
    private StreamInfo checkRetention(JetStreamManagement jsm, String stream) {
        StreamInfo info;
        try {
            info = jsm.getStreamInfo(stream);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Could not read NATS stream '" + stream + "'", e);
        }
        RetentionPolicy retention = info.getConfiguration().getRetentionPolicy();
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
                && config.consumer().ackPolicy() == AckPolicy.None) {
            throw new IllegalStateException(
                    String.format(
                            "NATS stream '%s' is a work queue: messages are deleted once"
                                    + " acked, so '%s' must be 'explicit' or 'all' (and a"
                                    + " '%s' is advisable) to ack only what a checkpoint covers.",
                            stream,
                            NatsConnectorOptions.CONSUMER_ACK_POLICY.key(),
                            NatsConnectorOptions.CONSUMER_DURABLE_NAME.key()));
        }
        return info;
    }

    private static long lastSequence(JetStreamManagement jsm, String stream) {
        try {
            StreamInfo info = jsm.getStreamInfo(stream);
            return info.getStreamState().getLastSequence();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(
                    "Could not read the last sequence of NATS stream '" + stream + "'", e);
        }
    }
}
