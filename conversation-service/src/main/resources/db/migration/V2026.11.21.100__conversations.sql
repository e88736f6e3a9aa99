create table conversation (
    id          text primary key,
    tenant_id   text        not null,
    bot_id      text        not null,
    channel_id  text,
    contact_id  text,
    status      text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index conversation_tenant_created_idx on conversation (tenant_id, created_at desc, id);
create index conversation_tenant_bot_idx on conversation (tenant_id, bot_id, status);
