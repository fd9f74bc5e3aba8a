package io.stampede.coordinator.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/** The history's REST API: list, open, delete, download and compare finished runs. */
@RestController
public class HistoryController {

    /** Comparing more than this many runs makes unreadable charts; the UI caps selection the same. */
    static final int MAX_COMPARED = 8;

    private final HistoryStore store;

    public HistoryController(HistoryStore store) {
        this.store = store;
    }

    @GetMapping("/api/runs")
    public List<RunSummary> list() {
        return store.list();
    }

    /** One run: its summary, the final stats document and the per-second series. */
    @GetMapping("/api/runs/{id}")
    public StoredRunView run(@PathVariable String id) {
        RunSummary summary = store.find(id).orElseThrow(() -> notFound(id));
        return new StoredRunView(summary, store.statsDocument(id).orElse(null), store.series(id),
                Arrays.stream(RunArtifact.values())
                        .filter(a -> store.artifact(id, a).isPresent())
                        .map(RunArtifact::fileName)
                        .toList());
    }

    @DeleteMapping("/api/runs/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        if (!store.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** A stored file of a run; {@code ?download=1} makes it an attachment. */
    @GetMapping("/api/runs/{id}/{file:.+}")
    public ResponseEntity<Resource> file(@PathVariable String id, @PathVariable String file,
                                         @RequestParam(defaultValue = "0") String download) {
        RunIds.requireValid(id);
        RunArtifact artifact = RunArtifact.byFileName(file)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no file " + file + " in a run"));
        Path path = store.artifact(id, artifact)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "run " + id + " has no " + file));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(artifact.mediaType() + ";charset=UTF-8"));
        if (!"0".equals(download)) {
            response.header(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename("stampede-" + id + "-" + file).build().toString());
        }
        return response.body(new FileSystemResource(path));
    }

    /** Runs side by side: {@code ?ids=a,b[,c...]}, the first is the baseline. */
    @GetMapping("/api/compare")
    public RunComparison compare(@RequestParam(defaultValue = "") String ids) {
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(
                Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
        if (wanted.size() < 2 || wanted.size() > MAX_COMPARED) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "ids: give 2 to " + MAX_COMPARED + " distinct run ids separated by commas");
        }
        wanted.forEach(RunIds::requireValid);
        List<RunSummary> summaries = wanted.stream().map(id -> store.find(id).orElseThrow(() -> notFound(id))).toList();
        List<List<SeriesPoint>> series = wanted.stream().map(store::series).toList();
        List<JsonNode> documents = wanted.stream().map(id -> store.statsDocument(id).orElse(null)).toList();
        return RunComparison.of(summaries, series, documents);
    }

    @ExceptionHandler(RunIds.InvalidRunIdException.class)
    ResponseEntity<Map<String, Object>> invalidId(RunIds.InvalidRunIdException e) {
        return ResponseEntity.badRequest().body(Map.of("success", false, "message", e.getMessage()));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> status(ResponseStatusException e) {
        return ResponseEntity.status(e.getStatusCode())
                .body(Map.of("success", false, "message", String.valueOf(e.getReason())));
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no run " + id);
    }

    /** What {@code GET /api/runs/{id}} returns. */
    public record StoredRunView(RunSummary summary, JsonNode stats, List<SeriesPoint> series, List<String> files) {
    }
}
