package io.stampede.coordinator;

import java.util.concurrent.TimeUnit;

import io.stampede.coordinator.headless.HeadlessRun;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Headless mode's JVM shutdown hook, instead of Spring's: on SIGTERM / Ctrl-C it closes the
 * context (which stops the run and keeps it, see {@code RunShutdown}), then ends the process
 * with the run's own exit code rather than the signal's 143. A JVM that is shutting down ignores
 * {@code System.exit} (main() may be blocked in it by then), so the code can only be set by
 * halting from the hook.
 */
final class HeadlessShutdownHook {

    /** The code when the run's verdict is not known (signalled before the run started). */
    static final int EXIT_SIGNALLED = 143;

    private volatile ConfigurableApplicationContext context;

    static HeadlessShutdownHook install() {
        HeadlessShutdownHook hook = new HeadlessShutdownHook();
        Runtime.getRuntime().addShutdownHook(new Thread(hook::onShutdown, "stampede-shutdown"));
        return hook;
    }

    void contextStarting(ConfigurableApplicationContext starting) {
        this.context = starting;
    }

    private void onShutdown() {
        ConfigurableApplicationContext current = context;
        if (current == null) {
            return;
        }
        HeadlessRun headless;
        try {
            headless = current.getBean(HeadlessRun.class);
        } catch (RuntimeException e) {
            // Signalled while the context was still starting (no run yet: the signal's code), or main()
            // already closed it and exits with the run's code by itself.
            current.close();
            return;
        }
        current.close();
        int code = EXIT_SIGNALLED;
        try {
            // Closing waited (bounded by the grace period) for the run and its reports: this is the verdict.
            code = headless.finished().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // no verdict: the signal's code
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
