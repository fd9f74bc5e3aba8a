package io.stampede.coordinator.ui;

import io.stampede.coordinator.api.RunLimits;
import io.stampede.coordinator.api.SwarmForm;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.core.load.LoadModel;
import io.stampede.core.scenario.ScenarioException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/runs}: the start form's request. Locust's {@code /swarm} fields
 * ({@code user_count}, {@code spawn_rate}, {@code host}, {@code run_time}, read by the same
 * {@link SwarmForm}) plus the scenario: {@code scenario_id} from {@code GET /api/scenarios},
 * or {@code scenario_yaml} (and {@code scenario_name}) pasted or uploaded. Errors are Locust's
 * {@code {"success": false, "message": "<field>: <reason>"}}, with {@code errors[]} (line,
 * column) for an invalid scenario.
 */
@RestController
public class RunStartController {

    private final RunCoordinator run;
    private final ScenarioCatalog catalog;
    private final RunLimits limits;

    public RunStartController(RunCoordinator run, ScenarioCatalog catalog, RunLimits limits) {
        this.run = run;
        this.catalog = catalog;
        this.limits = limits;
    }

    /**
     * Off the event loop: reading a scenario is CPU work bounded only by the scenario's size
     * limits, and a web-server thread must stay free for every other client meanwhile.
     */
    @PostMapping("/api/runs")
    public Mono<ResponseEntity<Map<String, Object>>> start(@RequestBody Map<String, Object> body) {
        return Mono.fromCallable(() -> startNow(body)).subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<Map<String, Object>> startNow(Map<String, Object> body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.forEach((k, v) -> fields.put(k, v == null ? null : String.valueOf(v)));
        if (run.state().isActive()) {
            return failure(HttpStatus.CONFLICT, "run: a run is active; stop it first, or change its users with POST /swarm", null);
        }
        ScenarioSource scenario;
        try {
            String yaml = fields.get("scenario_yaml");
            if (yaml != null && !yaml.isBlank()) {
                String name = SwarmForm.text(fields, "scenario_name", limits);
                scenario = ScenarioCatalog.parse(yaml, name == null || name.isBlank() ? "pasted.yaml" : name);
            } else {
                String id = SwarmForm.text(fields, "scenario_id", limits);
                scenario = catalog.resolve(id).orElse(null);
                if (scenario == null) {
                    return failure(HttpStatus.BAD_REQUEST, "scenario_id: no scenario '" + id + "' (see GET /api/scenarios)", null);
                }
            }
        } catch (ScenarioException e) {
            return failure(HttpStatus.BAD_REQUEST, "scenario: invalid (" + e.errors().size() + " problem(s))", e);
        } catch (SwarmForm.InvalidField e) {
            return failure(HttpStatus.BAD_REQUEST, e.getMessage(), null);
        }
        SwarmCommand command;
        try {
            command = SwarmForm.read(fields, limits, scenario.scenario().load());
        } catch (SwarmForm.InvalidField e) {
            return failure(HttpStatus.BAD_REQUEST, e.getMessage(), null);
        }
        if (command.load() instanceof LoadModel.Closed && command.users() < 1) {
            return failure(HttpStatus.BAD_REQUEST, "user_count: must be at least 1 to start a run", null);
        }
        if (command.host() == null && scenario.resolveHost(run.defaultHost()) == null && scenario.needsHost()) {
            return failure(HttpStatus.BAD_REQUEST, "host: required (no --host, no host in the scenario)", null);
        }
        Run started = run.swarm(command, scenario);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("message", "Swarming started");
        response.put("run_id", started.id());
        response.put("host", started.host());
        return ResponseEntity.ok(response);
    }

    private static ResponseEntity<Map<String, Object>> failure(HttpStatus status, String message, ScenarioException e) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", false);
        response.put("message", message);
        if (e != null) {
            response.put("errors", e.errors());
        }
        return ResponseEntity.status(status).body(response);
    }
}
