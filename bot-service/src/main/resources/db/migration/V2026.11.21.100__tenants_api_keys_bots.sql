create table tenant (
    id          text primary key,
    plan        text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table api_key (
    id          text primary key,
    tenant_id   text        not null,
    name        text        not null,
    hash        text        not null unique,
    hint        text        not null,
    scopes      jsonb       not null,
    plan        text        not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    expires_at  timestamptz,
    revoked_at  timestamptz
);
create index api_key_tenant_idx on api_key (tenant_id, created_at desc);

create table bot (
    id                text primary key,
    tenant_id         text        not null,
    status            text        not null,
    name              text        not null,
    provider          text,
    definition        jsonb       not null,
    secret_ciphertext text,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    activated_at      timestamptz,
    deactivated_at    timestamptz,
    version           bigint      not null
);
create index bot_tenant_created_idx on bot (tenant_id, created_at desc, id);
create index bot_tenant_status_idx on bot (tenant_id, status);
