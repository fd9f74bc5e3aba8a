package io.stampede.coordinator.api;

import java.util.Map;

import io.stampede.coordinator.run.RunReports;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Locust 2.x's stats endpoints: the JSON document, the CSV downloads and the HTML report. */
@RestController
public class StatsController {

    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private final RunReports reports;

    public StatsController(RunReports reports) {
        this.reports = reports;
    }

    @GetMapping("/stats/requests")
    public Map<String, Object> requests() {
        return reports.statsDocument();
    }

    @GetMapping("/stats/requests/csv")
    public ResponseEntity<String> requestsCsv() {
        return csv(reports.statsCsv(), "requests");
    }

    @GetMapping("/stats/failures/csv")
    public ResponseEntity<String> failuresCsv() {
        return csv(reports.failuresCsv(), "failures");
    }

    @GetMapping("/stats/requests_full_history/csv")
    public ResponseEntity<String> historyCsv() {
        return csv(reports.historyCsv(), "requests_full_history");
    }

    @GetMapping("/stats/report")
    public ResponseEntity<String> report(@RequestParam(name = "download", required = false) String download) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.TEXT_HTML);
        if (download != null && !download.isEmpty()) {
            response.header(HttpHeaders.CONTENT_DISPOSITION, "attachment;filename=" + fileName("report", "html"));
        }
        return response.body(reports.html());
    }

    /** Locust names downloads {@code <prefix>_<epoch seconds>.csv}. */
    private static ResponseEntity<String> csv(String body, String prefix) {
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment;filename=" + fileName(prefix, "csv"))
                .body(body);
    }

    private static String fileName(String prefix, String extension) {
        return prefix + "_" + System.currentTimeMillis() / 1000.0 + "." + extension;
    }
}
