package io.stampede.coordinator.experiment.results;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Results under an S3 prefix, through the AWS SDK's sync client. Every SDK failure becomes an
 * {@link IOException} naming the object, so callers (and {@link FallbackResultsStore}) handle S3
 * like a disk that failed.
 */
public final class S3ResultsStore implements ResultsStore, ResultsPreflight, AutoCloseable {

    /** Written and deleted by {@link #preflight()}; a name no results path has (a test name can't start with '.'). */
    static final String PREFLIGHT_PATH = ".stampede-preflight";

    private final S3Client client;
    private final S3Location location;

    public S3ResultsStore(S3Client client, S3Location location) {
        this.client = client;
        this.location = location;
    }

    /** A store with its own client, built from {@code settings}. */
    public static S3ResultsStore open(S3Location location, S3Settings settings) {
        return new S3ResultsStore(client(settings), location);
    }

    static S3Client client(S3Settings settings) {
        var builder = S3Client.builder()
                .credentialsProvider(settings.credentials())
                .region(region(settings))
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(c -> c.apiCallTimeout(settings.callTimeout()));
        if (settings.endpoint() != null) {
            // S3-compatible servers (s3proxy, older MinIO, Ceph) reject the SDK's default
            // aws-chunked uploads with CRC trailers, and s3proxy miscomputes the signature of a
            // multi-chunk streaming upload (> 128 KiB, a report.html): they get single-shot,
            // fully signed puts, and checksums only where S3 demands them.
            builder.endpointOverride(settings.endpoint())
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private static Region region(S3Settings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException noRegionConfigured) {
            return Region.of(S3Settings.FALLBACK_REGION);
        }
    }

    @Override
    public void put(String path, byte[] content) throws IOException {
        String key = location.key(ResultsPaths.requireRelative(path));
        try {
            client.putObject(b -> b.bucket(location.bucket()).key(key).contentType(contentType(path)),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String path) throws IOException {
        String key = location.key(ResultsPaths.requireRelative(path));
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String keyPrefix = location.key(prefix);
        try {
            return client.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(keyPrefix))
                    .contents().stream()
                    .map(S3Object::key)
                    .map(key -> key.substring(location.keyPrefix().length()))
                    .filter(path -> !path.isEmpty() && !path.endsWith("/") && !path.equals(PREFLIGHT_PATH))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw failure("list", keyPrefix, e);
        }
    }

    /**
     * Lists the prefix (bucket exists, credentials sign, list is allowed), then writes and reads
     * back a small object (put is allowed) and deletes it; a role without DeleteObject leaves it.
     */
    @Override
    public void preflight() throws IOException {
        try {
            client.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.keyPrefix()).maxKeys(1));
        } catch (SdkException e) {
            throw new IOException("cannot list " + location + ": " + reason(e), e);
        }
        String key = location.key(PREFLIGHT_PATH);
        try {
            client.putObject(b -> b.bucket(location.bucket()).key(key).contentType("text/plain"),
                    RequestBody.fromString("written by stampede to check the results location; safe to delete\n"));
        } catch (SdkException e) {
            throw new IOException("cannot write to " + location + ": " + reason(e), e);
        }
        try {
            client.deleteObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            // Deleting is not needed for results; the probe stays.
        }
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public void close() {
        client.close();
    }

    private IOException failure(String operation, String key, SdkException e) {
        return new IOException("S3 " + operation + " s3://" + location.bucket() + "/" + key + " failed: " + reason(e), e);
    }

    /** The SDK's message, with S3's error code in front when S3 answered (NoSuchBucket, AccessDenied, ...). */
    static String reason(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): " + service.getMessage();
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return "no AWS credentials found (environment, profile, IRSA web identity or instance role): " + e.getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The charset is spelled {@code UTF-8}: a server behind Jetty (s3proxy) rewrites
     * {@code charset=utf-8} of text/html before checking the signature, which then fails.
     */
    private static String contentType(String path) {
        if (path.endsWith(".json")) {
            return "application/json";
        }
        if (path.endsWith(".csv")) {
            return "text/csv; charset=UTF-8";
        }
        if (path.endsWith(".html")) {
            return "text/html; charset=UTF-8";
        }
        return "application/octet-stream";
    }
}
