-- One row per gateway call: what it cost the tenant.
create table llm_usage (
    id                 bigint generated always as identity primary key,
    tenant_id          text           not null,
    bot_id             text,
    conversation_id    text,
    kind               text           not null,
    provider           text           not null,
    model              text           not null,
    prompt_tokens      int            not null,
    completion_tokens  int            not null,
    total_tokens       int            not null,
    cost_usd           numeric(18, 8) not null,
    latency_ms         int            not null,
    created_at         timestamptz    not null
);
create index llm_usage_tenant_time_idx on llm_usage (tenant_id, created_at);

-- A tenant's own monthly token budget, where it overrides its plan's.
create table token_budget (
    tenant_id       text primary key,
    monthly_tokens  bigint      not null,
    updated_at      timestamptz not null
);
