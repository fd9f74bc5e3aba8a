package io.stampede.coordinator.experiment.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void parsesBucketAndPrefix() {
        assertThat(S3Location.parse("s3://b")).isEqualTo(new S3Location("b", ""));
        assertThat(S3Location.parse("s3://b/")).isEqualTo(new S3Location("b", ""));
        assertThat(S3Location.parse("s3://b/a/c")).isEqualTo(new S3Location("b", "a/c/"));
        assertThat(S3Location.parse("S3://b/a/c/").key("t/1/metadata.json")).isEqualTo("a/c/t/1/metadata.json");
        assertThat(S3Location.parse("s3://b/a").toString()).isEqualTo("s3://b/a");
    }

    @Test
    void rejectsLocationsWithoutBucketOrWithEmptySegments() {
        assertThatThrownBy(() -> S3Location.parse("s3://")).hasMessageContaining("needs a bucket");
        assertThatThrownBy(() -> S3Location.parse("s3:///prefix")).hasMessageContaining("needs a bucket");
        assertThatThrownBy(() -> S3Location.parse("s3://b/a//c")).hasMessageContaining("empty path segment");
    }

    @Test
    void settingsComeFromPropertiesWithPathStyleDefaultingToOnForAnEndpoint() {
        S3Settings aws = S3Settings.from(Map.<String, String>of()::get);
        assertThat(aws.endpoint()).isNull();
        assertThat(aws.pathStyle()).isFalse();
        assertThat(aws.region()).isNull();

        S3Settings minio = S3Settings.from(Map.of("stampede.s3.endpoint", "http://minio:9000",
                "stampede.s3.region", "eu-west-1")::get);
        assertThat(minio.endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(minio.pathStyle()).isTrue();
        assertThat(minio.region()).isEqualTo("eu-west-1");

        assertThat(S3Settings.from(Map.of("stampede.s3.endpoint", "http://minio:9000",
                "stampede.s3.path-style", "false")::get).pathStyle()).isFalse();
        assertThat(S3Settings.envName("stampede.s3.path-style")).isEqualTo("STAMPEDE_S3_PATH_STYLE");
    }

    @Test
    void aMalformedEndpointIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> S3Settings.from(Map.of("stampede.s3.endpoint", "minio:9000")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stampede.s3.endpoint (STAMPEDE_S3_ENDPOINT)");
    }
}
