package dev.parley.platform.rest;

import dev.parley.platform.paging.PageRequest;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The paging query parameters of every list, as one {@code @BeanParam}: {@code page} (from 1) and {@code perPage}
 * (1–100, default 20), also spelled {@code per_page} as the seeds do.
 */
public class PageQuery {

    @RestQuery
    public String page;

    @RestQuery
    public String perPage;

    @RestQuery("per_page")
    public String perPageSnake;

    /** The checked request; values out of range or not numbers are a VALIDATION_ERROR naming the parameter. */
    public PageRequest request() {
        return PageRequest.of(page, perPage, perPageSnake);
    }
}
