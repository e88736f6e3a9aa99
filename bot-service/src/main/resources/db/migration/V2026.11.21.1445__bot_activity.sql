-- What happened to each bot, one row per conversation or usage event, as bot statistics are computed from.
create table bot_activity (
    id                bigint generated always as identity primary key,
    tenant_id         text        not null,
    bot_id            text        not null,
    conversation_id   text,
    kind              text        not null,
    occurred_at       timestamptz not null,
    -- message_sent: its intent; handoff: its reason
    label             text,
    -- message_sent: time to answer
    response_ms       bigint,
    -- conversation_closed
    message_count     int,
    duration_seconds  bigint,
    handed_off        boolean,
    -- feedback
    rating            int,
    -- usage
    prompt_tokens     int,
    completion_tokens int,
    cost_usd          numeric(18, 8)
);
create index bot_activity_bot_time_idx on bot_activity (bot_id, occurred_at);
