package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/** The stream to read ({@code stream}, optional) and how to create it when allowed. */
@Internal
public final class NatsStreamSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    @Nullable private final String stream;
    private final boolean allowCreate;
    @Nullable private final Long maxBytes;
    @Nullable private final Long maxMessages;
    @Nullable private final Long maxMessagesPerSubject;
    @Nullable private final Integer maxConsumers;
    @Nullable private final Integer maxMessageSize;

    private NatsStreamSettings(ReadableConfig options) {
        this.stream = options.getOptional(NatsConnectorOptions.STREAM).orElse(null);
        this.allowCreate = options.get(NatsConnectorOptions.ALLOW_CREATE_STREAM);
        if (allowCreate && stream == null) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' needs option '%s': the name of the stream to create.",
                            NatsConnectorOptions.ALLOW_CREATE_STREAM.key(),
                            NatsConnectorOptions.STREAM.key()));
        }
        if (stream != null && (stream.isEmpty() || !stream.matches("[^\\s.*>/\\\\]+"))) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must not be empty nor contain whitespace, '.', '*', '>',"
                                    + " '/' or '\\', but is '%s'.",
                            NatsConnectorOptions.STREAM.key(), stream));
        }
        this.maxBytes = options.getOptional(NatsConnectorOptions.MAX_BYTES).orElse(null);
        this.maxMessages = options.getOptional(NatsConnectorOptions.MAX_MESSAGES).orElse(null);
        this.maxMessagesPerSubject =
                options.getOptional(NatsConnectorOptions.MAX_MESSAGES_PER_SUBJECT).orElse(null);
        this.maxConsumers = options.getOptional(NatsConnectorOptions.MAX_CONSUMERS).orElse(null);
        this.maxMessageSize =
                options.getOptional(NatsConnectorOptions.MAX_MESSAGE_SIZE).orElse(null);
    }

    static NatsStreamSettings from(ReadableConfig options) {
        return new NatsStreamSettings(options);
    }

    /** The configured stream, or null to look the stream up by subject. */
    @Nullable
    public String stream() {
        return stream;
    }

    public boolean allowCreate() {
        return allowCreate;
    }

    /** The configuration of the stream to create, holding {@code subjects}. */
    public StreamConfiguration creationConfiguration(List<String> subjects) {
        StreamConfiguration.Builder builder =
                StreamConfiguration.builder()
                        .name(Objects.requireNonNull(stream))
                        .subjects(subjects)
                        .storageType(StorageType.File);
        if (maxBytes != null) {
            builder.maxBytes(maxBytes);
        }
        if (maxMessages != null) {
            builder.maxMessages(maxMessages);
        }
        if (maxMessagesPerSubject != null) {
            builder.maxMessagesPerSubject(maxMessagesPerSubject);
        }
        if (maxConsumers != null) {
            builder.maxConsumers(maxConsumers);
        }
        if (maxMessageSize != null) {
            builder.maximumMessageSize(maxMessageSize);
        }
        return builder.build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NatsStreamSettings)) {
            return false;
        }
        NatsStreamSettings that = (NatsStreamSettings) o;
        return allowCreate == that.allowCreate
                && Objects.equals(stream, that.stream)
                && Objects.equals(maxBytes, that.maxBytes)
                && Objects.equals(maxMessages, that.maxMessages)
                && Objects.equals(maxMessagesPerSubject, that.maxMessagesPerSubject)
                && Objects.equals(maxConsumers, that.maxConsumers)
                && Objects.equals(maxMessageSize, that.maxMessageSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, allowCreate);
    }

    @Override
    public String toString() {
        return "NatsStreamSettings{stream=" + stream + ", allowCreate=" + allowCreate + '}';
    }
}
