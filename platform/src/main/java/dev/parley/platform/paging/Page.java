package dev.parley.platform.paging;

import java.util.List;
import java.util.function.Function;

/** One page of results and the total count behind it. */
public record Page<T>(List<T> items, PageRequest request, long totalCount) {

    /** The requested page of a list held in memory (small, fixed collections such as a catalogue). */
    public static <T> Page<T> of(List<T> all, PageRequest request) {
        List<T> items = all.stream().skip(request.offset()).limit(request.perPage()).toList();
        return new Page<>(items, request, all.size());
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, totalCount);
    }

    public int totalPages() {
        return (int) ((totalCount + request.perPage() - 1) / request.perPage());
    }
}
