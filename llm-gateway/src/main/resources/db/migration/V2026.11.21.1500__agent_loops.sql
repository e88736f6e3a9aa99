-- Agent loops: a tenant's instructions, model, tools (JSON, secret header values encrypted) and caps.
create table agent_loop (
    id               text primary key,
    tenant_id        text        not null,
    name             text        not null,
    instructions     text        not null,
    model            text        not null,
    tools            jsonb       not null,
    max_iterations   int         not null,
    max_tokens       int         not null,
    timeout_seconds  int         not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    version          bigint      not null
);
create index agent_loop_tenant_idx on agent_loop (tenant_id, created_at desc, id);

-- One run of a loop. heartbeat_at is renewed while a gateway works on it; a queued or running execution whose
-- heartbeat went stale was abandoned by a gateway that stopped, and is ended as failed.
create table agent_execution (
    id                 text primary key,
    tenant_id          text           not null,
    loop_id            text           not null references agent_loop (id) on delete cascade,
    status             text           not null,
    input              text           not null,
    variables          jsonb          not null,
    conversation_id    text,
    bot_id             text,
    output             text,
    error              text,
    iterations         int            not null default 0,
    prompt_tokens      int            not null default 0,
    completion_tokens  int            not null default 0,
    total_tokens       int            not null default 0,
    cost_usd           numeric(18, 8) not null default 0,
    cancel_requested   boolean        not null default false,
    created_at         timestamptz    not null,
    started_at         timestamptz,
    finished_at        timestamptz,
    heartbeat_at       timestamptz    not null
);
create index agent_execution_loop_idx on agent_execution (tenant_id, loop_id, created_at desc, id);
create index agent_execution_open_idx on agent_execution (heartbeat_at) where status in ('queued', 'running');

-- The trace: every model call and tool call of an execution, in order.
create table agent_execution_step (
    id                 bigint generated always as identity primary key,
    execution_id       text           not null references agent_execution (id) on delete cascade,
    seq                int            not null,
    kind               text           not null,
    name               text           not null,
    call_id            text,
    arguments          text,
    result             text,
    tool_calls         jsonb,
    error              text,
    prompt_tokens      int,
    completion_tokens  int,
    cost_usd           numeric(18, 8),
    latency_ms         int            not null,
    started_at         timestamptz    not null,
    unique (execution_id, seq)
);
