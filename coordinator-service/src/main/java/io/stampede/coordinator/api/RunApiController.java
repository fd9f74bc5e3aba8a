package io.stampede.coordinator.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.link.WorkerLink;
import io.stampede.coordinator.run.LoadShare;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stampede's own API: what Locust's documents don't say (run id, scenario, shares per worker). */
@RestController
@RequestMapping("/api")
public class RunApiController {

    private final RunCoordinator run;

    public RunApiController(RunCoordinator run) {
        this.run = run;
    }

    /** The current (or last) run; {@code run: null} before the first one. */
    @GetMapping("/runs/current")
    public Map<String, Object> currentRun() {
        Run current = run.currentRun();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", run.state().wireName());
        body.put("user_count", run.userCount());
        if (current == null) {
            body.put("run", null);
        } else {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", current.id());
            r.put("scenario", current.scenario().scenario().name());
            r.put("scenario_file", current.scenario().name());
            r.put("host", current.host());
            r.put("user_count", current.users());
            r.put("spawn_rate", current.spawnRate());
            r.put("run_time", current.runTime() == null ? null : current.runTime().toSeconds());
            r.put("started_at", current.startedAtMillis() / 1000.0);
            body.put("run", r);
        }
        body.put("workers", workers());
        return body;
    }

    /** Connected workers with their assigned share. */
    @GetMapping("/workers")
    public List<Map<String, Object>> workers() {
        Map<String, LoadShare> shares = run.shares();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WorkerLink link : run.registry().active()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", link.id());
            w.put("hostname", link.hostname());
            w.put("cores", link.cores());
            w.put("state", link.state().wireName());
            w.put("user_count", link.userCount());
            LoadShare share = shares.get(link.id());
            w.put("target_users", share == null ? 0 : share.users());
            w.put("spawn_rate", share == null ? 0 : share.spawnRate());
            w.put("num_requests", run.mergedRequests(link.id()));
            w.put("cpu_usage", link.cpuUsage());
            w.put("memory_usage", link.memoryUsage());
            rows.add(w);
        }
        return rows;
    }
}
