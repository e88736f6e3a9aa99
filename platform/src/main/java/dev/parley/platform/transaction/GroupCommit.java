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
 * Group commit, leader and followers: a request made while no group runs is run at once by its caller's own thread,
 * alone (no waiting, no hand-off to another thread); requests made while a group runs queue up, and when that group is
 * done the oldest of them leads the next group, which takes every request queued meanwhile (up to {@code maxGroup}).
 * So one transaction and a handful of statements serve a whole group however many callers are waiting, and a caller
 * alone pays for one transaction of its own and nothing more. Each caller returns with its own answer once its group
 * is done; when the group's work throws, every caller of the group gets that exception.
 *
 * @param <Q> a request
 * @param <A> its answer
 */
public final class GroupCommit<Q, A> {

    /** What a waiting caller is told: its answer, its group's failure, or that it leads the next group. */
    private sealed interface Outcome<A> {
    }

    private record Answered<A>(A answer) implements Outcome<A> {
    }

    private record Lead<A>() implements Outcome<A> {
    }

    private record Pending<Q, A>(Q request, CompletableFuture<Outcome<A>> outcome) {
    }

    private final String name;
    private final int maxGroup;
    private final Function<List<Q>, List<A>> work;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Pending<Q, A>> queue = new ArrayDeque<>();
    /** A group is running (its leader holds the turn): later callers queue for the next group. */
    private boolean busy;
    private volatile boolean running;

    /** {@code work} answers a group's requests in their order, in one transaction of its own. */
    public GroupCommit(String name, int maxGroup, Function<List<Q>, List<A>> work) {
        this.name = name;
        this.maxGroup = maxGroup;
        this.work = work;
    }

    public void start() {
        running = true;
    }

    /** Refuses later requests and returns once what was asked for so far has run (at most 5 s). */
    public void stop() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            long left = TimeUnit.SECONDS.toNanos(5);
            while (busy && left > 0) {
                left = idle.awaitNanos(left);
            }
        } finally {
            lock.unlock();
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
        Pending<Q, A> me = new Pending<>(request, new CompletableFuture<>());
        boolean lead;
        lock.lock();
        try {
            if (!running) {
                throw new IllegalStateException(name + " is stopped");
            }
            lead = !busy;
            if (lead) {
                busy = true;
            } else {
                queue.add(me);
            }
        } finally {
            lock.unlock();
        }
        if (!lead) {
            Outcome<A> outcome;
            try {
                outcome = me.outcome().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (outcome instanceof Answered<A> answered) {
                return answered.answer();
            }
        }
        return lead(me);
    }

    /** Runs {@code me}'s group (with whatever queued meanwhile), answers its callers, hands the turn on. */
    private A lead(Pending<Q, A> me) {
        List<Pending<Q, A>> group = new ArrayList<>();
        group.add(me);
        lock.lock();
        try {
            while (group.size() < maxGroup && !queue.isEmpty()) {
                group.add(queue.poll());
            }
        } finally {
            lock.unlock();
        }
        try {
            List<A> answers = work.apply(group.stream().map(Pending::request).toList());
            for (int i = 1; i < group.size(); i++) {
                group.get(i).outcome().complete(new Answered<>(answers.get(i)));
            }
            return answers.getFirst();
        } catch (RuntimeException | Error e) {
            for (int i = 1; i < group.size(); i++) {
                group.get(i).outcome().completeExceptionally(e);
            }
            throw e;
        } finally {
            handOn();
        }
    }

    /** The oldest caller waiting leads the next group; with none waiting, the next caller runs at once. */
    private void handOn() {
        lock.lock();
        try {
            Pending<Q, A> next = queue.poll();
            if (next == null) {
                busy = false;
                idle.signalAll();
            } else {
                next.outcome().complete(new Lead<>());
            }
        } finally {
            lock.unlock();
        }
    }
}
