-- What a bot is built from, each in a table of its own and owned by a tenant. The rule, context and flow
-- documents are stored as the JSON the engine reads (dev.parley.events.bot records); the columns beside them
-- are what is filtered, ordered or joined on.

create table keyword_rule (
    id          text primary key,
    tenant_id   text        not null,
    bot_id      text        not null references bot (id) on delete cascade,
    priority    integer     not null,
    definition  jsonb       not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index keyword_rule_bot_idx on keyword_rule (bot_id, priority desc, created_at);
-- Which bots start a flow from a rule: a flow change republishes them.
create index keyword_rule_flow_idx on keyword_rule (tenant_id, ((definition -> 'response' ->> 'flowId')));

create table ai_context (
    id          text primary key,
    tenant_id   text        not null,
    bot_id      text        not null references bot (id) on delete cascade,
    priority    integer     not null,
    definition  jsonb       not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index ai_context_bot_idx on ai_context (bot_id, priority desc, created_at);

create table flow (
    id          text primary key,
    tenant_id   text        not null,
    name        text        not null,
    definition  jsonb       not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index flow_tenant_created_idx on flow (tenant_id, created_at desc, id);

create table channel (
    id                     text primary key,
    tenant_id              text        not null,
    bot_id                 text        references bot (id) on delete set null,
    type                   text        not null,
    name                   text        not null,
    status                 text        not null,
    settings               jsonb       not null,
    credentials_ciphertext text,
    status_reason          text,
    created_at             timestamptz not null,
    updated_at             timestamptz not null
);
create index channel_tenant_created_idx on channel (tenant_id, created_at desc, id);
create index channel_bot_idx on channel (bot_id);
