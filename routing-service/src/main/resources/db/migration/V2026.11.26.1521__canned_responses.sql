-- Agents' ready-made answers, inserted in the desk by shortcut (/refund).
create table canned_response (
    id          text primary key,
    tenant_id   text        not null,
    shortcut    text        not null,
    title       text,
    text        text        not null,
    created_by  text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create unique index canned_response_tenant_shortcut_idx on canned_response (tenant_id, shortcut);
