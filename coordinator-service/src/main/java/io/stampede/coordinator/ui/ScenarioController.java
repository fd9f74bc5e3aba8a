package io.stampede.coordinator.ui;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioError;
import io.stampede.core.scenario.ScenarioException;
import io.stampede.core.scenario.ScenarioParser;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The start form's scenario picker: what can be run, and inline validation of pasted YAML. */
@RestController
public class ScenarioController {

    private final ScenarioCatalog catalog;

    public ScenarioController(ScenarioCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/scenarios")
    public List<ScenarioCatalog.Entry> scenarios() {
        return catalog.list();
    }

    /**
     * Always 200: the answer says whether the text is valid and lists every problem with line and
     * column. Parsed off the event loop, like every pasted scenario (see RunStartController).
     */
    @PostMapping("/api/scenarios/validate")
    public Mono<Validation> validate(@RequestBody ValidationRequest request) {
        return Mono.fromCallable(() -> validateNow(request)).subscribeOn(Schedulers.boundedElastic());
    }

    private Validation validateNow(ValidationRequest request) {
        String source = request.name() == null || request.name().isBlank() ? "pasted.yaml" : request.name();
        if (request.yaml() == null || request.yaml().isBlank()) {
            return new Validation(false, null, null, null,
                    List.of(new ScenarioError(source, 1, 1, "the scenario is empty", "paste YAML or upload a file")));
        }
        try {
            Scenario scenario = ScenarioParser.parse(request.yaml(), source);
            return new Validation(true, scenario.name(), scenario.host(), ScenarioCatalog.describe(scenario), List.of());
        } catch (ScenarioException e) {
            return new Validation(false, null, null, null, e.errors());
        }
    }

    public record ValidationRequest(String yaml, String name) {
    }

    public record Validation(boolean valid, String name, String host, String description, List<ScenarioError> errors) {
    }
}
