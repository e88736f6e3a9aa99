create table integration (
    id                  text primary key,
    tenant_id           text        not null,
    bot_id              text,
    name                text        not null,
    provider            text        not null,
    base_url            text,
    api_key_ciphertext  text,
    api_key_last4       text,
    default_model       text,
    fallback_models     jsonb       not null,
    enabled             boolean     not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             bigint      not null
);
create index integration_tenant_idx on integration (tenant_id, created_at desc, id);
create index integration_tenant_bot_idx on integration (tenant_id, bot_id);
