create table team (
    id          text primary key,
    tenant_id   text        not null,
    name        text        not null,
    description text,
    strategy    text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create unique index team_tenant_name_idx on team (tenant_id, lower(name));
