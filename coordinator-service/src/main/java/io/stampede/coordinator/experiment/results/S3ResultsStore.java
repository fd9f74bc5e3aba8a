package io.stampede.coordinator.experiment.results;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Results under an S3 prefix, through the AWS SDK's sync client. Every SDK failure becomes an
 * {@link IOException} naming the object, so callers (and {@link FallbackResultsStore}) handle S3
 * like a disk that failed.
 */
public final class S3ResultsStore implements ResultsStore, AutoCloseable {

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
            builder.endpointOverride(settings.endpoint());
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
                    .filter(path -> !path.isEmpty() && !path.endsWith("/"))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw failure("list", keyPrefix, e);
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
        return new IOException("S3 " + operation + " s3://" + location.bucket() + "/" + key + " failed: " + e.getMessage(), e);
    }

    private static String contentType(String path) {
        if (path.endsWith(".json")) {
            return "application/json";
        }
        if (path.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        if (path.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
