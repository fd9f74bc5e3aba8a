package io.stampede.deploy.scripts;

import io.stampede.deploy.ProjectPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/check-prerequisites.sh (docs/deploy.md runs it before creating anything), offline: the
 * tools are stub scripts in a temporary PATH, so each case can take one away.
 */
class CheckPrerequisitesTest {

    private static final Path SCRIPT = ProjectPaths.root().resolve("scripts/check-prerequisites.sh");

    @TempDir
    Path bin;

    @Test
    void passesWithEveryToolAndAWorkingIdentity() throws Exception {
        stubAll();
        Result result = run(Map.of("AWS_REGION", "eu-west-1"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok       jq", "ok       AWS identity arn:aws:iam::123456789012:user/loadtester",
            "all prerequisites found");
    }

    @Test
    void failsNamingEveryMissingTool() throws Exception {
        stubAll();
        Files.delete(bin.resolve("jq"));
        Files.delete(bin.resolve("eksctl"));
        Result result = run(Map.of("AWS_REGION", "eu-west-1"));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("MISSING  eksctl: https://eksctl.io/installation/", "MISSING  jq:",
            "FAILED: missing eksctl jq; nothing was created");
    }

    @Test
    void failsWhenTheAwsCredentialsDoNotWorkOrNoRegionIsSet() throws Exception {
        stubAll();
        stub("aws", "echo 'Unable to locate credentials. You can configure credentials by running \"aws configure\".' >&2; exit 255");
        Result result = run(Map.of());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("MISSING  AWS_REGION", "Unable to locate credentials",
            "FAILED: missing AWS_REGION aws-credentials");
    }

    private void stubAll() throws IOException {
        for (String tool : new String[] {"eksctl", "kubectl", "helm", "jq", "docker"}) {
            stub(tool, "exit 0");
        }
        stub("aws", "[ \"$1 $2\" = 'sts get-caller-identity' ] && echo arn:aws:iam::123456789012:user/loadtester");
    }

    private void stub(String tool, String body) throws IOException {
        Path file = bin.resolve(tool);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String output) {
    }

    /** Runs the script with bash and only the stubs on PATH (nothing of this machine's tools). */
    private Result run(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("script finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
