package io.stampede.engine.loop;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.netty.channel.IoHandler;

/**
 * The two things {@link CompletionBatching} needs from a Netty {@code IoUringIoHandler}'s ring that
 * Netty does not offer: submitting what is queued without processing completions, and waiting in
 * the kernel until a number of completions is there or a timeout passes.
 *
 * <p>Netty's own waits ask {@code io_uring_enter} for one completion, and its timeouts are ring
 * operations ({@code IORING_OP_TIMEOUT}). This one passes the timeout to the call itself
 * ({@code IORING_ENTER_EXT_ARG}, Linux 5.11) with a minimum count of completions. On a ring set up
 * with {@code IORING_SETUP_DEFER_TASKRUN}, as Netty's are, the kernel wakes such a waiter only once
 * that many completions are due, so the loop sleeps through a batch instead of going round for each
 * response. The call is made through the JDK's foreign-function API ({@code syscall(2)}); the ring's
 * descriptor and Netty's submit come from its package-private classes by reflection, which is why
 * everything here is looked up once, and {@link #open} returns null when any of it is missing
 * (another Netty version): the loop then runs as Netty's alone.
 *
 * <p>Only the loop's thread may call {@link #submit()} and {@link #await}: Netty's rings are
 * single-issuer.
 */
final class RingWait {

    /** {@code __NR_io_uring_enter}, the same on x86-64 and arm64 (the asm-generic table). */
    private static final long SYS_IO_URING_ENTER = 426;
    private static final long IORING_ENTER_GETEVENTS = 1;
    private static final long IORING_ENTER_EXT_ARG = 1 << 3;
    /** {@code struct io_uring_getevents_arg}: sigmask, sigmask_sz, min_wait_usec, ts. */
    private static final long GETEVENTS_ARG_SIZE = 24;
    private static final long GETEVENTS_ARG_TS = 16;
    private static final long TIMESPEC_NSEC = 8;
    private static final MethodHandle SYSCALL = syscall();

    private final IoHandler handler;
    private final Object submissionQueue;
    private final Object completionQueue;
    private final MethodHandle submitAndClear;
    private final MethodHandle completionCount;
    private final long ringFd;
    private final long enterFlags;
    private final MemorySegment argument;
    private final MemorySegment timeout;

    private RingWait(IoHandler handler, Object submissionQueue, Object completionQueue, MethodHandle submitAndClear,
                     MethodHandle completionCount, long ringFd, long enterFlags) {
        this.handler = handler;
        this.submissionQueue = submissionQueue;
        this.completionQueue = completionQueue;
        this.submitAndClear = submitAndClear;
        this.completionCount = completionCount;
        this.ringFd = ringFd;
        this.enterFlags = enterFlags;
        Arena arena = Arena.ofAuto();
        this.argument = arena.allocate(GETEVENTS_ARG_SIZE, 8);
        this.timeout = arena.allocate(16, 8);
        argument.set(ValueLayout.JAVA_LONG, GETEVENTS_ARG_TS, timeout.address());
    }

    /**
     * The ring of an initialized {@code IoUringIoHandler}, on its loop's thread.
     *
     * @return null when this Netty or kernel does not offer what is needed, with the reason in {@code why[0]}
     */
    static RingWait open(IoHandler ioUring, String[] why) {
        if (SYSCALL == null) {
            why[0] = "the JDK's linker has no syscall(2) here";
            return null;
        }
        try {
            Class<?> handlerClass = ioUring.getClass();
            Class<?> ringClass = Class.forName("io.netty.channel.uring.RingBuffer", false, handlerClass.getClassLoader());
            Class<?> sqClass = Class.forName("io.netty.channel.uring.SubmissionQueue", false, handlerClass.getClassLoader());
            Class<?> cqClass = Class.forName("io.netty.channel.uring.CompletionQueue", false, handlerClass.getClassLoader());
            MethodHandles.Lookup inUring = MethodHandles.privateLookupIn(handlerClass, MethodHandles.lookup());
            Object ring = inUring.findVarHandle(handlerClass, "ringBuffer", ringClass).get(ioUring);
            Object sq = inUring.findVirtual(ringClass, "ioUringSubmissionQueue", MethodType.methodType(sqClass)).invoke(ring);
            Object cq = inUring.findVirtual(ringClass, "ioUringCompletionQueue", MethodType.methodType(cqClass)).invoke(ring);
            // The descriptor Netty enters with: an index when it registered the ring (IORING_ENTER_REGISTERED_RING in its flags).
            MethodHandles.Lookup inQueue = MethodHandles.privateLookupIn(sqClass, MethodHandles.lookup());
            int fd = (int) inQueue.findVarHandle(sqClass, "enterRingFd", int.class).get(sq);
            int flags = (int) inQueue.findVarHandle(sqClass, "enterFlags", int.class).get(sq);
            // Netty's own submit, which also recycles the iovec and msghdr arrays of what it submitted.
            MethodHandle submit = inUring.findVirtual(handlerClass, "submitAndClearNow", MethodType.methodType(int.class, sqClass));
            MethodHandle count = inUring.findVirtual(cqClass, "count", MethodType.methodType(int.class));
            RingWait wait = new RingWait(ioUring, sq, cq, submit, count, fd, flags);
            // A zero timeout for nothing: fails on kernels without IORING_ENTER_EXT_ARG.
            long probe = wait.enter(0, 0);
            if (probe < 0) {
                why[0] = "io_uring_enter refused a wait with a timeout (IORING_ENTER_EXT_ARG, Linux 5.11)";
                return null;
            }
            return wait;
        } catch (Throwable e) {
            why[0] = "this Netty's io_uring classes differ (" + e + ")";
            return null;
        }
    }

    /** Completions posted and not yet processed. */
    int ready() {
        try {
            return (int) completionCount.invoke(completionQueue);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Submits what the loop queued (the requests just flushed), as Netty's loop would at its next turn. */
    void submit() {
        try {
            int ignored = (int) submitAndClear.invoke(handler, submissionQueue);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sleeps until {@code completions} are posted or {@code nanos} pass.
     *
     * @return false when the time ran out first (or a signal ended the wait)
     */
    boolean await(int completions, long nanos) {
        return enter(completions, nanos) >= 0;
    }

    private long enter(int completions, long nanos) {
        timeout.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        timeout.set(ValueLayout.JAVA_LONG, TIMESPEC_NSEC, nanos % 1_000_000_000L);
        try {
            return (long) SYSCALL.invokeExact(SYS_IO_URING_ENTER, ringFd, 0L, (long) completions,
                    IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG | enterFlags, argument.address(), GETEVENTS_ARG_SIZE);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle syscall() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("syscall").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1))).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
