package io.stampede.coordinator.local;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.link.LinkServer;
import io.stampede.engine.link.Worker;
import io.stampede.engine.link.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * {@code --local-workers N}: N ordinary engine workers inside this process, connected over
 * loopback to this coordinator's own link with its token. They are real link peers, so local
 * and remote workers behave the same (shares, stats, heartbeats).
 */
public final class LocalWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalWorkers.class);

    private final int count;
    private final LinkServer link;
    private final boolean insecureTls;
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running;

    public LocalWorkers(LaunchOptions options, LinkServer link, boolean insecureTls) {
        this.count = options.localWorkers();
        this.link = link;
        this.insecureTls = insecureTls;
    }

    @Override
    public synchronized void start() {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        for (int i = 0; i < count; i++) {
            WorkerSettings settings = WorkerSettings.of("ws://127.0.0.1:" + link.port() + WorkerSettings.LINK_PATH,
                    link.token()).withWorkerId("local-" + (i + 1) + "-" + suffix);
            settings = settings.withEngine(settings.engine().withInsecureTls(insecureTls));
            Worker worker = new Worker(settings);
            worker.start();
            workers.add(worker);
        }
        if (count > 0) {
            log.info("Started {} local worker(s)", count);
        }
        running = true;
    }

    /** The in-process workers (for tests and diagnostics). */
    public synchronized List<Worker> workers() {
        return List.copyOf(workers);
    }

    @Override
    public synchronized void stop() {
        // Closing sends each worker's last report and bye while the link is still up.
        for (Worker worker : workers) {
            try {
                worker.close();
            } catch (RuntimeException e) {
                log.warn("Local worker {} did not close cleanly: {}", worker.workerId(), e.toString());
            }
        }
        workers.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // After the link server starts (its phase is lower), before it stops.
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
