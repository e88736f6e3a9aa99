-- Creating POSTs with an Idempotency-Key: the first request's answer, replayed for retries within a day.
create table idempotency_key (
    tenant_id    text        not null,
    idem_key     text        not null,
    fingerprint  text        not null,
    status       int,
    location     text,
    body         text,
    created_at   timestamptz not null,
    primary key (tenant_id, idem_key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);
