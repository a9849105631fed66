package io.flinkrw.formats.testutils;

import io.flinkrw.testutils.S3Server;
import io.flinkrw.testutils.SchemaHttpServer;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@link TestSchemaFiles} published at each kind of schema location the formats read: the root
 * directory of a {@link SchemaHttpServer} ({@code file://}), that server ({@code http://}) and a
 * bucket of an {@link S3Server} ({@code s3://}).
 *
 * <pre>{@code
 * @RegisterExtension static final SchemaHttpServer HTTP = SchemaHttpServer.create();
 * @RegisterExtension static final S3Server S3 = S3Server.withBuckets(SchemaLocations.BUCKET);
 * ...
 * SchemaLocations locations = SchemaLocations.publish(HTTP, S3);
 * }</pre>
 */
public final class SchemaLocations {

    /** The bucket the schemas are put into; the {@link S3Server} must have it. */
    public static final String BUCKET = "schemas";

    /** A kind of schema location. */
    public enum Kind {
        HTTP,
        FILE,
        S3
    }

    private final SchemaHttpServer http;
    private final S3Server s3;

    private SchemaLocations(SchemaHttpServer http, S3Server s3) {
        this.http = http;
        this.s3 = s3;
    }

    /** Writes every test schema into the root of {@code http} and puts it into {@link #BUCKET}. */
    public static SchemaLocations publish(SchemaHttpServer http, S3Server s3) {
        TestSchemaFiles.writeTo(http.root());
        S3Uploads.put(s3, BUCKET, TestSchemaFiles.all());
        return new SchemaLocations(http, s3);
    }

    /** Where test schema {@code file} is at a location of {@code kind}. */
    public String location(Kind kind, String file) {
        switch (kind) {
            case HTTP:
                return http.url(file);
            case FILE:
                return http.root().resolve(file).toUri().toString();
            case S3:
                return "s3://" + BUCKET + "/" + file;
            default:
                throw new IllegalArgumentException("Unknown location kind " + kind);
        }
    }

    /**
     * The format options (without the format's prefix) that read {@code file} from a location of
     * {@code kind}: {@code schema.location}, and for S3 the endpoint, region and keys.
     */
    public Map<String, String> options(Kind kind, String file) {
        String location = location(kind, file);
        if (kind == Kind.S3) {
            return S3Uploads.options(s3, location);
        }
        Map<String, String> options = new HashMap<>();
        options.put("schema.location", location);
        return options;
    }
}
