package io.stampede.deploy.chart;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stampede.deploy.ProjectPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders one of the project's charts with the Helm library (helm-java bundles the real helm
 * engine as a native library: same templates, functions, schema validation as the CLI) and
 * parses every manifest into a typed fabric8 object.
 */
public final class ChartRenderer {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /**
     * helm-java's template talks to the cluster of $KUBECONFIG for `lookup`; surefire points
     * that variable at a file this class fills with the fake API's address (see the pom).
     */
    private static final FakeKubernetesApi CLUSTER = startCluster();

    private final Path chartDir;
    private final String release;
    private final String namespace;

    public ChartRenderer(String chart, String release, String namespace) {
        this.chartDir = ProjectPaths.root().resolve("charts").resolve(chart);
        this.release = release;
        this.namespace = namespace;
    }

    /** Renders with the chart's defaults plus {@code valuesYaml} (a values file's content, may be empty). */
    public RenderedChart render(String valuesYaml) {
        return new RenderedChart(parse(renderText(valuesYaml)));
    }

    /** The raw `helm template` output; throws IllegalStateException with helm's message on errors. */
    public String renderText(String valuesYaml) {
        return renderText(valuesYaml, List.of());
    }

    /**
     * Renders with {@code --set} flags as a shell command line holds them ({@code --set a.b=c},
     * {@code --set "a[0]=d"}): helm itself parses and types them, as `helm install --set` does.
     */
    public RenderedChart renderSets(String commandLine) {
        return new RenderedChart(parse(renderText("", setFlags(commandLine))));
    }

    /** {@link #installNotes(String)} of a command line's {@code --set} flags. */
    public String installNotesSets(String commandLine) {
        List<String[]> sets = setFlags(commandLine);
        return withValuesFile("", values -> {
            InstallCommand install = new Helm(chartDir).install().withName(release).withNamespace(namespace)
                .withValuesFile(values);
            sets.forEach(set -> install.set(set[0], set[1]));
            return install.dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput();
        });
    }

    private String renderText(String valuesYaml, List<String[]> sets) {
        return withValuesFile(valuesYaml, values -> {
            TemplateCommand template = new Helm(chartDir).template()
                .withName(release)
                .withNamespace(namespace)
                .withValuesFile(values);
            sets.forEach(set -> template.set(set[0], set[1]));
            return template.call();
        });
    }

    /** The {@code --set} flags of a shell command line, as [key, value] in order (quotes and line continuations removed). */
    static List<String[]> setFlags(String commandLine) {
        List<String[]> sets = new ArrayList<>();
        var flag = Pattern.compile("--set\\s+(\"[^\"]*\"|'[^']*'|\\S+)").matcher(commandLine.replace("\\\n", " "));
        while (flag.find()) {
            String set = flag.group(1).replaceAll("^[\"']|[\"']$", "");
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: --set " + set);
            }
            sets.add(new String[] {set.substring(0, eq), set.substring(eq + 1)});
        }
        return sets;
    }

    /** What `helm install` prints after installing (a client-only dry run): status and NOTES.txt. */
    public String installNotes(String valuesYaml) {
        return withValuesFile(valuesYaml, values -> new Helm(chartDir).install()
            .withName(release)
            .withNamespace(namespace)
            .withValuesFile(values)
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly()
            .call()
            .getOutput());
    }

    /**
     * A real `helm install` into the cluster of {@code kubeconfig}: helm reads the cluster's
     * version and API groups (so `.Capabilities` are that cluster's), validates and creates every
     * object. Returns helm's status report; throws with helm's message when the cluster refuses.
     */
    public String install(Path kubeconfig, String valuesYaml) {
        return withValuesFile(valuesYaml, values -> new Helm(chartDir).install()
            .withName(release)
            .withNamespace(namespace)
            .withValuesFile(values)
            .withKubeConfig(kubeconfig)
            .call()
            .getOutput());
    }

    /** Runs a helm command with {@code valuesYaml} in a temporary values file, deleted afterwards. */
    private static String withValuesFile(String valuesYaml, java.util.function.Function<Path, String> helm) {
        Path values = writeTemp(valuesYaml);
        try {
            return helm.apply(values);
        } finally {
            deleteQuietly(values);
        }
    }

    /** The API server `lookup` reads: put Secrets there to render an upgrade. */
    public static FakeKubernetesApi cluster() {
        return CLUSTER;
    }

    private static FakeKubernetesApi startCluster() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalStateException("KUBECONFIG is not set: run the chart tests through Maven "
                + "(surefire points it at target/test-kubeconfig.yaml, served by FakeKubernetesApi)");
        }
        FakeKubernetesApi api = new FakeKubernetesApi();
        api.writeKubeconfig(Path.of(kubeconfig));
        return api;
    }

    public LintResult lint() {
        return new Helm(chartDir).lint().strict().call();
    }

    public Path chartDir() {
        return chartDir;
    }

    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : documents(manifests)) {
            Object parsed = Serialization.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException("not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return objects;
    }

    /** The YAML documents of a multi-document manifest, without the empty and comment-only ones. */
    static List<String> documents(String manifests) {
        return DOCUMENT_SEPARATOR.splitAsStream(manifests)
            .filter(document -> !document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#")))
            .toList();
    }

    private static Path writeTemp(String content) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            Files.writeString(file, content == null ? "" : content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file: the OS cleans it up
        }
    }
}
