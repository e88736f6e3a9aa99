package dev.parley.platform.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Groups run on the group's own platform thread, with no timer: requests that come while a group runs are served
 * together by the next group, each caller getting its own answer, and a failed group fails its callers only.
 */
class GroupCommitTest {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<List<String>> groups = new CopyOnWriteArrayList<>();
    private final List<Thread> ranOn = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    private final GroupCommit<String, String> group = new GroupCommit<>("test-group", 100, requests -> {
        groups.add(requests);
        ranOn.add(Thread.currentThread());
        if (requests.contains("first")) {
            firstStarted.countDown();
            await(releaseFirst);
        }
        if (requests.contains("bad")) {
            throw new IllegalArgumentException("bad group");
        }
        return requests.stream().map(r -> r + "!").toList();
    });

    @AfterEach
    void stop() throws InterruptedException {
        releaseFirst.countDown();
        group.stop();
        threads.shutdownNow();
    }

    @Test
    void aVirtualThreadsRequestRunsOnAPlatformThread() throws Exception {
        group.start();

        assertThat(CompletableFuture.supplyAsync(() -> group.submit("from a virtual thread"), threads).get())
                .isEqualTo("from a virtual thread!");

        assertThat(ranOn).hasSize(1);
        assertThat(ranOn.getFirst().isVirtual()).isFalse();
    }

    @Test
    void requestsMadeWhileAGroupRunsAreRunTogetherInTheNextGroupAndEachGetsItsOwnAnswer() throws Exception {
        group.start();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> group.submit("first"), threads);
        firstStarted.await();
        List<CompletableFuture<String>> later = List.of("a", "b", "c").stream()
                .map(r -> CompletableFuture.supplyAsync(() -> group.submit(r), threads)).toList();
        while (group.waiting() < 3) {
            Thread.onSpinWait();
        }
        releaseFirst.countDown();

        assertThat(first.get()).isEqualTo("first!");
        assertThat(later.stream().map(CompletableFuture::join)).containsExactly("a!", "b!", "c!");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).containsExactly("first");
        assertThat(groups.get(1)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aFailedGroupFailsEachOfItsCallersAndTheNextGroupRunsAsUsual() throws Exception {
        group.start();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> group.submit("first"), threads);
        firstStarted.await();
        CompletableFuture<String> bad = CompletableFuture.supplyAsync(() -> group.submit("bad"), threads);
        CompletableFuture<String> beside = CompletableFuture.supplyAsync(() -> group.submit("beside"), threads);
        while (group.waiting() < 2) {
            Thread.onSpinWait();
        }
        releaseFirst.countDown();

        assertThat(first.get()).isEqualTo("first!");
        assertThatThrownBy(bad::join).hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(beside::join).hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThat(group.submit("after")).isEqualTo("after!");
    }

    @Test
    void aStoppedGroupRefusesRequests() throws InterruptedException {
        group.start();
        group.stop();

        assertThatThrownBy(() -> group.submit("late")).isInstanceOf(IllegalStateException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
