package io.stampede.engine;

import static io.stampede.engine.Scenarios.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.stampede.core.scenario.HttpBody;
import io.stampede.core.scenario.HttpStep;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;
import io.stampede.core.stats.StatsRecorder;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import io.stampede.testing.Await;

/**
 * Each virtual user keeps its own cookies, as a browser session or Locust's per-user client
 * does: a login answered with 302 and a session cookie, then pages that need it.
 */
class CookieSessionTest {

    @Test
    void eachUserLogsInOnceAndSendsItsOwnSessionCookie() throws Exception {
        AtomicInteger logins = new AtomicInteger();
        Set<String> issued = ConcurrentHashMap.newKeySet();
        List<String> homeCookies = new CopyOnWriteArrayList<>();
        List<String> anonymous = new CopyOnWriteArrayList<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .post("/login", (req, res) -> req.receive().then(Mono.defer(() -> {
                            String session = "s" + logins.incrementAndGet();
                            issued.add(session);
                            // The cookie comes on the redirect, as with form logins: the jar must store it before following.
                            return res.status(HttpResponseStatus.FOUND).header("Location", "/home")
                                    .addHeader("Set-Cookie", "session=" + session + "; Path=/; HttpOnly")
                                    .addHeader("Set-Cookie", "theme=dark; Path=/static")
                                    .send().then();
                        })))
                        .get("/home", (req, res) -> {
                            String cookie = req.requestHeaders().get("Cookie");
                            if (cookie == null || !cookie.startsWith("session=s")) {
                                anonymous.add(String.valueOf(cookie));
                                return res.status(HttpResponseStatus.UNAUTHORIZED).sendString(Mono.just("log in first"));
                            }
                            homeCookies.add(cookie);
                            return res.sendString(Mono.just("hello"));
                        }))
                .bindNow();
        try (LoadEngine engine = new LoadEngine(new EngineSettings(2, 100, Duration.ofSeconds(5), Duration.ofSeconds(2)))) {
            HttpStep login = new HttpStep("login", "POST", "/login", Map.of(), Map.of(),
                    new HttpBody.Form(Map.of("user", "u${user.id}")), null, status(200), Map.of());
            HttpStep home = new HttpStep("home", "GET", "/home", Map.of(), Map.of(), null, null, status(200), Map.of());
            Task task = new Task("browse", 1, false, List.of(home), List.of());
            Scenario scenario = Scenarios.of(new UserClass("member", 1, new WaitTime.Constant(Duration.ofMillis(20)), false,
                    List.of(task), List.of(login), List.of()));
            StatsRecorder recorder = new StatsRecorder();
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(scenario, "http://127.0.0.1:" + server.port()), recorder::record, 3, 0);
            Await.until("30 home visits", Duration.ofSeconds(10), () -> homeCookies.size() >= 30);
            users.stop().get(5, TimeUnit.SECONDS);

            StatsTotals totals = StatsTotals.drain(recorder);
            assertThat(totals.failures).as("failures: %s", totals.byName).isZero();
            assertThat(anonymous).as("requests to /home without the session").isEmpty();
            assertThat(logins.get()).as("one login per user").isEqualTo(3);
            // Every user sent only its own session, and the /static-path cookie never went to /home.
            assertThat(homeCookies).allMatch(cookie -> cookie.matches("session=s[123]"));
            assertThat(Set.copyOf(homeCookies)).hasSize(3);
        } finally {
            server.disposeNow();
        }
    }
}
