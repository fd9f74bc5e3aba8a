package io.stampede.engine.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Lets an io_uring event loop that is busy with many requests handle its responses in batches, as
 * a network card's interrupt moderation does, instead of going round for each one or two.
 *
 * <p>Why (docs/performance.md, items 14, 15 and 17): against a target as fast as the loop, Netty's
 * {@code IoUringIoHandler} never sleeps. Each turn handles the responses that arrived during the
 * previous one, submits the requests they produced with a system call that also collects the next
 * one or two, and goes round again, up to 128 times. A loop that spends less per request only goes
 * round more often. This handler changes two things around Netty's turn:
 * <ol>
 *   <li>requests written while a turn handles completions are flushed once the turn is over
 *       ({@link #deferFlush}), so the turn ends when its completions are handled instead of
 *       submitting and collecting again, and they leave in one submission;
 *   <li>before the next turn, with nothing else due on the loop, it sleeps in the kernel until a
 *       quarter of the requests in flight have answered or the batch wait has passed
 *       ({@link RingWait}, {@link BatchPolicy}).
 * </ol>
 * It never waits with tasks queued, nor past the loop's next scheduled task (think times, arrival
 * ticks, timeouts); a task submitted from another thread waits at most the batch wait. A response
 * held back is one the loop would have read at most that much earlier, so the response times it
 * records can be that much longer; {@code stampede.worker.batch-wait=0} turns batching off.
 */
public final class CompletionBatching implements IoHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionBatching.class);
    private static final AtomicBoolean UNAVAILABLE_LOGGED = new AtomicBoolean();
    private static final FastThreadLocal<CompletionBatching> LOOP = new FastThreadLocal<>();

    /** Waits of all loops of one engine, for its health figures. */
    public static final class Counters {
        private final LongAdder waits = new LongAdder();
        private final LongAdder timedOut = new LongAdder();

        /** Waits for a batch of responses. */
        public long waits() {
            return waits.sum();
        }

        /** Of those, the waits that ended by their timeout before the batch was there. */
        public long timedOut() {
            return timedOut.sum();
        }
    }

    /**
     * Netty's io_uring handlers, each wrapped in batching when {@code batchWait} is positive.
     *
     * @param ioUring   {@code IoUringIoHandler}'s factory
     * @param batchWait the longest a loop sleeps for a batch; zero: no batching
     */
    public static IoHandlerFactory wrap(IoHandlerFactory ioUring, Duration batchWait, Counters counters) {
        long waitNanos = batchWait.toNanos();
        if (waitNanos <= 0) {
            return ioUring;
        }
        return executor -> new CompletionBatching(ioUring.newHandler(executor), waitNanos, counters);
    }

    /** The batching of the event loop running this code; null off a batching loop. */
    public static CompletionBatching onThisLoop() {
        return LOOP.getIfExists();
    }

    private final IoHandler delegate;
    private final long waitNanos;
    private final Counters counters;
    private final BatchPolicy policy = new BatchPolicy();
    private final ArrayList<Channel> toFlush = new ArrayList<>();
    /** Null until initialized, and when this Netty or kernel lacks what batching needs. */
    private RingWait ring;
    /** {@code ring::ready}, made once: read only when the loop has a batch to wait for. */
    private IntSupplier ready;
    private boolean inTurn;

    CompletionBatching(IoHandler delegate, long waitNanos, Counters counters) {
        this.delegate = delegate;
        this.waitNanos = waitNanos;
        this.counters = counters;
    }

    @Override
    public void initialize() {
        delegate.initialize(); // enables Netty's ring, on this thread: its submitter from now on
        String[] why = new String[1];
        ring = RingWait.open(delegate, why);
        if (ring != null) {
            ready = ring::ready;
        }
        if (ring == null && UNAVAILABLE_LOGGED.compareAndSet(false, true)) {
            LOG.warn("io_uring loops run without batching: {}", why[0]);
        }
        LOOP.set(this);
    }

    /** A request of this loop went out: one more response to expect. */
    public void requestSent() {
        policy.requestSent();
    }

    /** A request of this loop ended (answered, failed, timed out): one fewer response to expect. */
    public void requestEnded() {
        policy.requestEnded();
    }

    /**
     * Whether {@code channel} may be written without a flush because this loop flushes it when the
     * turn in progress is over; false outside a turn, where the caller flushes as usual.
     */
    public boolean deferFlush(Channel channel) {
        if (!inTurn || ring == null) {
            return false;
        }
        toFlush.add(channel);
        return true;
    }

    @Override
    public int run(IoHandlerContext context) {
        if (ring != null && context.canBlock()) {
            awaitBatch(context);
        }
        inTurn = true;
        int handled;
        try {
            handled = delegate.run(context);
        } finally {
            inTurn = false;
        }
        if (!toFlush.isEmpty()) {
            flushTurn();
        }
        return handled;
    }

    private void awaitBatch(IoHandlerContext context) {
        int batch = policy.completionsToWaitFor(ready);
        if (batch == 0) {
            return;
        }
        long wait = waitNanos;
        if (context.deadlineNanos() != -1) {
            wait = Math.min(wait, context.delayNanos(System.nanoTime()));
        }
        if (wait <= 0) {
            return;
        }
        boolean filled = ring.await(batch, wait);
        policy.waited(filled);
        counters.waits.increment();
        if (!filled) {
            counters.timedOut.increment();
        }
    }

    private void flushTurn() {
        try {
            for (int i = 0; i < toFlush.size(); i++) {
                toFlush.get(i).flush();
            }
        } finally {
            toFlush.clear();
            ring.submit();
        }
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        LOOP.remove();
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }
}
