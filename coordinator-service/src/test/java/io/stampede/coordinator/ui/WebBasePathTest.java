package io.stampede.coordinator.ui;

import io.stampede.core.load.LoadSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TestApps;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * --web-base-path /stampede (an ALB routing by path keeps the prefix): the whole web port, UI,
 * Locust API, native API and actuator, moves under the prefix, and nothing answers at the root.
 */
class WebBasePathTest {

    static ConfigurableApplicationContext context;
    static String root;

    @BeforeAll
    static void start() {
        LaunchOptions defaults = TestApps.options(0, "http://127.0.0.1:9");
        LaunchOptions options = new LaunchOptions(defaults.scenarioFile(), defaults.scenario(), defaults.host(), false, LoadSpec.EMPTY,
                null, 0, 0, null, null, null, false, defaults.webHost(), null, defaults.linkToken(), "/stampede");
        context = TestApps.start(options);
        root = "http://127.0.0.1:" + TestApps.webPort(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theUiIsServedUnderThePrefixWithEveryAssetItReferences() throws Exception {
        HttpResponse<String> page = Http.get(root + "/stampede/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Stampede</title>");
        // Every src/href of the page, resolved as the browser does against /stampede/, is served.
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"").matcher(page.body());
        int count = 0;
        while (refs.find()) {
            URI asset = URI.create(root + "/stampede/").resolve(refs.group(1));
            assertThat(asset.getPath()).startsWith("/stampede/");
            assertThat(Http.get(asset.toString()).statusCode()).as(asset.toString()).isEqualTo(200);
            count++;
        }
        assertThat(count).as("stylesheets and the app module").isGreaterThanOrEqualTo(3);
        // charts.js imports ../webjars/... relative to js/: the webjar is under the prefix too.
        assertThat(Http.get(root + "/stampede/webjars/uplot/dist/uPlot.esm.js").statusCode()).isEqualTo(200);
    }

    @Test
    void theApisAndActuatorAnswerOnlyUnderThePrefix() throws Exception {
        HttpResponse<String> stats = Http.get(root + "/stampede/stats/requests");
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(Http.json(stats).get("state").asString()).isEqualTo("ready");
        assertThat(Http.get(root + "/stampede/api/runs/current").statusCode()).isEqualTo(200);
        assertThat(Http.get(root + "/stampede/actuator/health").statusCode()).isEqualTo(200);

        // curl: the JDK client's h2c upgrade request gets no answer from the context-path 404
        for (String outside : new String[] {"/stats/requests", "/api/runs/current", "/js/app.js", "/", "/actuator/health"}) {
            assertThat(Http.curl("-m", "10", root + outside).status()).as(outside).isEqualTo(404);
        }
    }

    @Test
    void thePrefixWithoutSlashRedirectsToThePage() throws Exception {
        Http.CurlResult redirect = Http.curl("-m", "10", "-i", root + "/stampede?x=1");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.body()).containsIgnoringCase("location: /stampede/?x=1");
    }
}
