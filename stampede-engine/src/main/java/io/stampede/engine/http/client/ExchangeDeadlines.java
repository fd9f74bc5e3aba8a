package io.stampede.engine.http.client;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * The request timeouts of one event loop, without a scheduled task per request: each exchange
 * in flight carries its deadline and sits in a queue of the exchanges with the same timeout, and
 * one task, re-armed every {@link #TICK_NANOS} while any exchange is in flight, times out those
 * whose deadline has passed. A scheduled task per request cost a push and a removal on the loop's
 * priority queue each (~7 % of the loop thread at 50 connections, docs/performance.md item 9);
 * here a request costs a link and an unlink. A timeout fires at most a tick (plus the loop's own
 * lag) after its deadline.
 *
 * <p>The exchanges of one timeout start in order on one loop, so each queue is in deadline order
 * and a tick looks only at the heads: a few distinct timeouts (one per step that sets its own) is
 * a few short queues. Touched only on the loop.
 */
final class ExchangeDeadlines {

    /** How often due exchanges are looked for, hence how late a timeout may fire at most. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The exchanges of one timeout, oldest (earliest deadline) first, linked through the exchanges. */
    static final class Queue {
        final long timeoutNanos;
        Http1Exchange head;
        Http1Exchange tail;

        Queue(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }
    }

    private final EventLoop loop;
    private Queue[] queues = new Queue[0];
    private int inFlight;
    private boolean armed;

    ExchangeDeadlines(EventLoop loop) {
        this.loop = loop;
    }

    /** The exchange starts now: it times out {@code timeoutNanos} from now. */
    void add(Http1Exchange exchange, long timeoutNanos) {
        Queue queue = queueFor(timeoutNanos);
        exchange.deadlineNanos = System.nanoTime() + timeoutNanos;
        exchange.deadlineQueue = queue;
        exchange.deadlinePrevious = queue.tail;
        exchange.deadlineNext = null;
        if (queue.tail == null) {
            queue.head = exchange;
        } else {
            queue.tail.deadlineNext = exchange;
        }
        queue.tail = exchange;
        inFlight++;
        if (!armed) {
            armed = true;
            loop.schedule(this::expire, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** The exchange finished (or was cancelled): it no longer times out. Harmless if it is in no queue. */
    void remove(Http1Exchange exchange) {
        Queue queue = exchange.deadlineQueue;
        if (queue == null) {
            return;
        }
        Http1Exchange previous = exchange.deadlinePrevious;
        Http1Exchange next = exchange.deadlineNext;
        if (previous == null) {
            queue.head = next;
        } else {
            previous.deadlineNext = next;
        }
        if (next == null) {
            queue.tail = previous;
        } else {
            next.deadlinePrevious = previous;
        }
        exchange.deadlineQueue = null;
        exchange.deadlinePrevious = null;
        exchange.deadlineNext = null;
        inFlight--;
    }

    /** Exchanges in flight (for tests). */
    int inFlight() {
        return inFlight;
    }

    private Queue queueFor(long timeoutNanos) {
        for (Queue queue : queues) {
            if (queue.timeoutNanos == timeoutNanos) {
                return queue;
            }
        }
        Queue queue = new Queue(timeoutNanos);
        queues = Arrays.copyOf(queues, queues.length + 1);
        queues[queues.length - 1] = queue;
        return queue;
    }

    private void expire() {
        long now = System.nanoTime();
        // A timed-out exchange tells its listener, which may start a request (a new queue): walk a snapshot.
        Queue[] walked = queues;
        for (Queue queue : walked) {
            Http1Exchange due;
            while ((due = queue.head) != null && due.deadlineNanos - now <= 0) {
                remove(due);
                due.timedOut();
            }
        }
        if (queues.length > 4) {
            dropEmptyQueues();
        }
        if (inFlight > 0) {
            loop.schedule(this::expire, TICK_NANOS, TimeUnit.NANOSECONDS);
        } else {
            armed = false;
        }
    }

    /** Timeouts no exchange uses any more (steps whose timeout is a template may make many). */
    private void dropEmptyQueues() {
        int kept = 0;
        Queue[] compacted = new Queue[queues.length];
        for (Queue queue : queues) {
            if (queue.head != null) {
                compacted[kept++] = queue;
            }
        }
        queues = Arrays.copyOf(compacted, kept);
    }
}
