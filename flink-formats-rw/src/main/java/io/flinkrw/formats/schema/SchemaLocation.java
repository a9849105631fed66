package io.flinkrw.formats.schema;

import org.apache.flink.table.api.ValidationException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where a schema lives: a {@code file://}, {@code http://}, {@code https://} or {@code s3://} URL.
 * Of a comma-separated list only the first entry is used, as in RisingWave. {@link #toString()}
 * hides user info and query strings (a presigned URL's signature is a credential).
 */
public final class SchemaLocation {

    /** The schemes a location may have. */
    public static final Set<String> SCHEMES = Set.of("file", "http", "https", "s3");

    private final URI uri;

    private SchemaLocation(URI uri) {
        this.uri = uri;
    }

    /**
     * Parses {@code value}, the value of option {@code key}; fails with a {@link
     * ValidationException} naming the key and the allowed schemes.
     */
    public static SchemaLocation parse(String key, String value) {
        String first = value.split(",", -1)[0].trim();
        URI uri;
        try {
            uri = new URI(first);
        } catch (URISyntaxException e) {
            throw invalid(key, value, "it is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw invalid(key, value, "the scheme must be file://, http://, https:// or s3://");
        }
        if (scheme.equals("s3")
                && (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2)) {
            throw invalid(key, value, "an S3 location is s3://bucket/key");
        }
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() == null) {
            throw invalid(key, value, "an HTTP location needs a host");
        }
        if (scheme.equals("file") && (uri.getPath() == null || uri.getPath().isEmpty())) {
            throw invalid(key, value, "a file location is file:///absolute/path");
        }
        return new SchemaLocation(uri);
    }

    private static ValidationException invalid(String key, String value, String why) {
        return new ValidationException(
                String.format(
                        "Invalid value '%s' for option '%s': %s.", redact(value.trim()), key, why));
    }

    public URI uri() {
        return uri;
    }

    public String scheme() {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /** The S3 bucket of an {@code s3://} location. */
    public String bucket() {
        return uri.getHost();
    }

    /** The S3 object key of an {@code s3://} location. */
    public String key() {
        return uri.getPath().substring(1);
    }

    /** The last path segment, e.g. {@code order.proto}. */
    public String fileName() {
        String path = uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code relativePath} resolved against the directory of this location. */
    public SchemaLocation resolve(String relativePath) {
        return new SchemaLocation(uri.resolve(relativePath));
    }

    /**
     * The directory of this location and up to {@code ancestors} directories above it, nearest
     * first; {@link #resolve} against one of them resolves inside it.
     */
    public List<SchemaLocation> directories(int ancestors) {
        List<SchemaLocation> directories = new ArrayList<>();
        String path = uri.getRawPath();
        int slash = path.lastIndexOf('/');
        while (slash >= 0 && directories.size() <= ancestors) {
            directories.add(new SchemaLocation(uri.resolve(path.substring(0, slash + 1))));
            slash = slash == 0 ? -1 : path.lastIndexOf('/', slash - 1);
        }
        return directories;
    }

    /** The location without user info and query, for messages. */
    @Override
    public String toString() {
        return redact(uri.toString());
    }

    static String redact(String url) {
        String result = url;
        int query = result.indexOf('?');
        if (query >= 0) {
            result = result.substring(0, query) + "?<redacted>";
        }
        int schemeEnd = result.indexOf("://");
        if (schemeEnd >= 0) {
            int authorityStart = schemeEnd + 3;
            int pathStart = result.indexOf('/', authorityStart);
            int at = result.lastIndexOf('@', pathStart < 0 ? result.length() - 1 : pathStart);
            if (at >= authorityStart) {
                result = result.substring(0, authorityStart) + "<redacted>" + result.substring(at);
            }
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaLocation && ((SchemaLocation) o).uri.equals(uri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri);
    }
}
