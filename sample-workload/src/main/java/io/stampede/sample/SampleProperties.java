package io.stampede.sample;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample app, under {@code stampede.sample.*}.
 *
 * @param loadGen bounds of {@code /load-gen/loop}
 * @param mesh    backends that {@code /mesh} calls
 */
@ConfigurationProperties("stampede.sample")
public record SampleProperties(@DefaultValue LoadGen loadGen, @DefaultValue Mesh mesh) {

    /**
     * @param maxCount largest {@code count} accepted (loops per request)
     * @param maxRange largest {@code range} accepted (Fibonacci terms per loop)
     */
    public record LoadGen(@DefaultValue("1000") int maxCount, @DefaultValue("10000") int maxRange) {
    }

    /**
     * @param backends URLs called by {@code GET /mesh}; the {@code BACKENDS} env var
     *                 (comma-separated) feeds it through application.yml
     * @param timeout  how long one backend call may take before it counts as failed
     */
    public record Mesh(@DefaultValue List<URI> backends, @DefaultValue("2s") Duration timeout) {
    }
}
