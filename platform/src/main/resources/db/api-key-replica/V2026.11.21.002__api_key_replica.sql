-- This service's copy of the API keys bot-service owns (from the compacted parley.api-keys topic).
create table api_key_replica (
    id          text primary key,
    tenant_id   text        not null,
    hash        text        not null unique,
    scopes      jsonb       not null,
    plan        text        not null,
    expires_at  timestamptz,
    revoked_at  timestamptz
);
