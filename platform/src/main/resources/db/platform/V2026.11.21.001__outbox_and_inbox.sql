-- Transactional outbox: events written with the change, relayed to Kafka after commit.
create table outbox_event (
    id           bigint generated always as identity primary key,
    event_id     text        not null,
    topic        text        not null,
    message_key  text        not null,
    type         text        not null,
    source       text        not null,
    tenant_id    text,
    payload      text,
    traceparent  text,
    tracestate   text,
    created_at   timestamptz not null
);

-- Idempotent consumers: one row per (consumer, event) that has taken effect.
create table processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null,
    primary key (consumer, event_id)
);
