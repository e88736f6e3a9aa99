package dev.parley.platform.transaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit without a timer: a request made while no group runs is run at once; requests made while a group runs
 * queue up and the next group takes every one of them (up to {@code maxGroup}), so one transaction and a handful of
 * statements serve a whole group however many callers are waiting, and a caller alone pays for one transaction of its
 * own and nothing more.
 * <p>
 * Who runs a group: a caller on a platform thread that finds no group running runs its own request on its own thread
 * (no hand-off at all); queued requests, and requests from virtual threads, are run by the group's own platform
 * thread. A virtual thread waits for each database round trip through the JDK's poller and a carrier thread (two
 * wake-ups where a platform thread needs one), so a transaction of a dozen round trips costs fewer wake-ups handed to
 * a platform thread once than run on the virtual thread.
 * <p>
 * Each caller returns with its own answer once its group is done; when the group's work throws, every caller of the
 * group gets that exception.
 *
 * @param <Q> a request
 * @param <A> its answer
 */
public final class GroupCommit<Q, A> {

    private record Pending<Q, A>(Q request, CompletableFuture<A> answer) {
    }

    /** Who runs groups now: nobody, a caller on its own thread, or the group's own thread. */
    private enum Turn { NONE, CALLER, OWN_THREAD }

    private final String name;
    private final int maxGroup;
    private final Function<List<Q>, List<A>> work;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnChanged = lock.newCondition();
    private final ArrayDeque<Pending<Q, A>> queue = new ArrayDeque<>();
    private Turn turn = Turn.NONE;
    private volatile boolean running;
    private Thread thread;

    /** {@code work} answers a group's requests in their order, in one transaction of its own. */
    public GroupCommit(String name, int maxGroup, Function<List<Q>, List<A>> work) {
        this.name = name;
        this.maxGroup = maxGroup;
        this.work = work;
    }

    public void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::runQueued);
    }

    /** Refuses later requests and returns once what was asked for so far has run (at most 5 s). */
    public void stop() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            turnChanged.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }

    public boolean running() {
        return running;
    }

    /** How many callers wait for the next group. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Runs the request, at once when no group runs, else in the next group; returns its answer once that is done. */
    public A submit(Q request) {
        Pending<Q, A> queued = null;
        lock.lock();
        try {
            if (!running) {
                throw new IllegalStateException(name + " is stopped");
            }
            if (turn == Turn.NONE && !Thread.currentThread().isVirtual()) {
                turn = Turn.CALLER;
            } else {
                queued = new Pending<>(request, new CompletableFuture<>());
                queue.add(queued);
                if (turn == Turn.NONE) {
                    turn = Turn.OWN_THREAD;
                    turnChanged.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (queued != null) {
            try {
                return queued.answer().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            return work.apply(List.of(request)).getFirst();
        } finally {
            lock.lock();
            try {
                // what queued meanwhile is the group's own thread's to run
                turn = queue.isEmpty() ? Turn.NONE : Turn.OWN_THREAD;
                turnChanged.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The group's own thread: runs the queued requests group after group whenever the turn is its. */
    private void runQueued() {
        List<Pending<Q, A>> group = new ArrayList<>(maxGroup);
        while (true) {
            lock.lock();
            try {
                while (turn != Turn.OWN_THREAD || queue.isEmpty()) {
                    if (turn == Turn.OWN_THREAD) {
                        turn = Turn.NONE;
                        turnChanged.signalAll();
                    }
                    if (!running && turn == Turn.NONE && queue.isEmpty()) {
                        return;
                    }
                    turnChanged.await(1, TimeUnit.SECONDS);
                }
                while (group.size() < maxGroup && !queue.isEmpty()) {
                    group.add(queue.poll());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                List<A> answers = work.apply(group.stream().map(Pending::request).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).answer().complete(answers.get(i));
                }
            } catch (RuntimeException | Error e) {
                group.forEach(p -> p.answer().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }
}
