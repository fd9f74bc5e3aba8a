package io.stampede.deploy.chart;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.stampede.deploy.ProjectPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/manifests/stampede.yaml, for `kubectl create -f` without Helm, is charts/stampede
 * rendered with its defaults (release and namespace "stampede") and the two Secrets left to
 * the user (a token and password committed to git would be everybody's). This test renders it
 * again and fails when the file is stale; scripts/render-manifests.sh (system property
 * stampede.manifests.update=true) rewrites it.
 */
class PlainManifestsTest {

    static final Path FILE = ProjectPaths.root().resolve("deploy/manifests/stampede.yaml");

    /** The values of the plain manifests: the chart's defaults, Secrets created by the user. */
    static final String VALUES = """
        link: {existingSecret: stampede-link}
        webAuth: {existingSecret: stampede-web-auth}
        """;

    static final String HEADER = """
        # GENERATED from charts/stampede (its defaults, release and namespace "stampede") by
        # scripts/render-manifests.sh; do not edit: change the chart and run the script
        # (PlainManifestsTest fails while this file is stale). Walk-through: docs/deploy.md,
        # "Plain manifests (kubectl, kind, minikube)". Before `kubectl -n stampede create -f`,
        # create the two Secrets it expects:
        #   kubectl -n stampede create secret generic stampede-link --from-literal=token="$(openssl rand -hex 24)"
        #   kubectl -n stampede create secret generic stampede-web-auth --type=kubernetes.io/basic-auth \\
        #     --from-literal=username=admin --from-literal=password="$(openssl rand -hex 12)"
        """;

    @Test
    void plainManifestsAreTheChartsDefaults() throws IOException {
        String rendered = HEADER + new ChartRenderer("stampede", "stampede", "stampede").renderText(VALUES);
        if (Boolean.getBoolean("stampede.manifests.update")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, rendered);
            System.out.println("[render-manifests] wrote " + FILE);
        }
        assertThat(FILE).as("run scripts/render-manifests.sh").exists();
        assertThat(Files.readString(FILE)).as("%s is stale: run scripts/render-manifests.sh", FILE).isEqualTo(rendered);

        RenderedChart objects = new RenderedChart(ChartRenderer.parse(rendered));
        assertThat(objects.all(Secret.class)).as("no committed credentials").isEmpty();
        assertThat(objects.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
            .containsExactlyInAnyOrder("stampede-coordinator", "stampede-worker");
    }
}
