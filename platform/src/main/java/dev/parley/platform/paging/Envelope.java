package dev.parley.platform.paging;

import java.util.List;

/** The Linktor response shapes every Parley API uses: {@code {"data": ...}} and lists with pagination meta. */
public final class Envelope {

    public record Single<T>(T data) {
    }

    public record Listing<T>(List<T> data, Meta meta) {
    }

    public record Meta(Pagination pagination) {
    }

    public record Pagination(int page, int perPage, int totalPages, long totalCount) {
    }

    /** A resource object: opaque id, its type and its attributes. */
    public record Resource<A>(String id, String type, A attributes) {
    }

    public static <A> Single<Resource<A>> one(String id, String type, A attributes) {
        return new Single<>(new Resource<>(id, type, attributes));
    }

    public static <T> Listing<T> list(Page<T> page) {
        return new Listing<>(page.items(), new Meta(new Pagination(page.request().page(), page.request().perPage(),
                page.totalPages(), page.totalCount())));
    }

    private Envelope() {
    }
}
