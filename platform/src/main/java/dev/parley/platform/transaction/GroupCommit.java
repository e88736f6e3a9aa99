package dev.parley.platform.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit: requests made from many threads are run in groups by one thread of their own, every request made
 * while the previous group ran going into the next one (up to {@code maxGroup}), so one transaction and a handful of
 * statements serve a whole group however many callers are waiting. Each caller blocks until its group is done and
 * gets its own answer; when the group's work throws, every caller of the group gets that exception.
 *
 * @param <Q> a request
 * @param <A> its answer
 */
public final class GroupCommit<Q, A> {

    private record Pending<Q, A>(Q request, CompletableFuture<A> answer) {
    }

    private final String name;
    private final int maxGroup;
    private final Function<List<Q>, List<A>> work;
    private final LinkedBlockingQueue<Pending<Q, A>> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread worker;

    /** {@code work} answers a group's requests in their order, in one transaction of its own. */
    public GroupCommit(String name, int maxGroup, Function<List<Q>, List<A>> work) {
        this.name = name;
        this.maxGroup = maxGroup;
        this.work = work;
    }

    public void start() {
        running = true;
        worker = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Runs what was asked for so far, then stops; later requests are refused. */
    public void stop() throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(5_000);
        }
    }

    public boolean running() {
        return running;
    }

    /** Requests waiting for the next group. */
    public int waiting() {
        return queue.size();
    }

    /** Runs the request in the next group and returns its answer once the group is done. */
    public A submit(Q request) {
        if (!running) {
            throw new IllegalStateException(name + " is stopped");
        }
        CompletableFuture<A> answer = new CompletableFuture<>();
        queue.add(new Pending<>(request, answer));
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void run() {
        List<Pending<Q, A>> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Pending<Q, A> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                List<A> answers = work.apply(group.stream().map(Pending::request).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).answer().complete(answers.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.forEach(p -> p.answer().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                group.forEach(p -> p.answer().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }
}
