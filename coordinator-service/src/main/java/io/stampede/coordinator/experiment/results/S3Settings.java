package io.stampede.coordinator.experiment.results;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * How the S3 client is built. On AWS nothing needs setting: credentials and region come from the
 * SDK's default chains (environment, profile, IRSA's web identity token, instance/pod metadata).
 * For an S3-compatible server (MinIO, s3proxy, ...) set an endpoint; path-style addressing is
 * then the default, since such servers rarely have per-bucket host names.
 *
 * @param endpoint    the server's URL; null for AWS's own endpoints
 * @param pathStyle   {@code http://host/bucket/key} instead of {@code http://bucket.host/key}
 * @param region      the signing region; null: the default region chain, {@value #FALLBACK_REGION} when it has none
 * @param credentials who signs; the default chain unless a caller (a test) gives its own
 * @param callTimeout bound of one call including the SDK's retries, so a dead endpoint fails in bounded time
 */
public record S3Settings(URI endpoint, boolean pathStyle, String region, AwsCredentialsProvider credentials,
                         Duration callTimeout) {

    /** S3 answers for every region's buckets at us-east-1 with a redirect hint; it only signs. */
    public static final String FALLBACK_REGION = "us-east-1";
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    public S3Settings {
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        if (callTimeout == null) {
            callTimeout = DEFAULT_CALL_TIMEOUT;
        }
    }

    /**
     * From system properties, else the environment: {@code stampede.s3.endpoint} /
     * {@code STAMPEDE_S3_ENDPOINT}, {@code stampede.s3.path-style} / {@code STAMPEDE_S3_PATH_STYLE}
     * (default: true when an endpoint is set), {@code stampede.s3.region} / {@code STAMPEDE_S3_REGION}.
     */
    public static S3Settings fromEnvironment() {
        return from(name -> System.getProperty(name, System.getenv(envName(name))));
    }

    static S3Settings from(Function<String, String> lookup) {
        String endpoint = blankToNull(lookup.apply("stampede.s3.endpoint"));
        URI uri = null;
        if (endpoint != null) {
            uri = URI.create(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("stampede.s3.endpoint (STAMPEDE_S3_ENDPOINT): not a URL like "
                        + "http://host:port: " + endpoint);
            }
        }
        String pathStyle = blankToNull(lookup.apply("stampede.s3.path-style"));
        return new S3Settings(uri, pathStyle == null ? uri != null : Boolean.parseBoolean(pathStyle),
                blankToNull(lookup.apply("stampede.s3.region")), null, null);
    }

    /** stampede.s3.path-style → STAMPEDE_S3_PATH_STYLE */
    static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
