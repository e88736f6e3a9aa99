-- Agents, human and bot. active_chats counts the agent's assigned transfers; it only grows through an
-- update that checks it against max_chats_count, so no agent is ever assigned beyond its capacity.
create table agent (
    id                     text primary key,
    tenant_id              text        not null,
    type                   text        not null,
    owner_id               text        not null,
    user_id                text,
    name                   text        not null,
    avatar                 text,
    status                 text        not null,
    max_chats_count        int         not null,
    default_group_priority text        not null,
    active_chats           int         not null default 0 check (active_chats >= 0),
    last_assigned_at       timestamptz,
    webhook_url            text,
    webhook_secret         text,
    webhook_actions        jsonb,
    created_at             timestamptz not null,
    updated_at             timestamptz not null
);
create index agent_tenant_idx on agent (tenant_id, type, owner_id);
create index agent_available_idx on agent (tenant_id, last_assigned_at) where status = 'ACCEPTING_CHATS';
create unique index agent_user_idx on agent (tenant_id, user_id) where user_id is not null;

-- An agent's membership in a team (a LiveChat group); priority null = the agent's default_group_priority.
create table team_member (
    team_id          text        not null references team (id) on delete cascade,
    agent_id         text        not null references agent (id) on delete cascade,
    tenant_id        text        not null,
    priority         text,
    last_assigned_at timestamptz,
    created_at       timestamptz not null,
    primary key (team_id, agent_id)
);
create index team_member_agent_idx on team_member (agent_id);

create table transfer (
    id              text primary key,
    tenant_id       text        not null,
    conversation_id text,
    contact_id      text,
    bot_id          text,
    team_id         text,
    agent_id        text,
    status          text        not null,
    source          text        not null,
    reason          text,
    notes           text,
    created_at      timestamptz not null,
    assigned_at     timestamptz,
    resumed_at      timestamptz,
    updated_at      timestamptz not null
);
-- One open transfer per conversation: a repeated handoff never queues the customer twice.
create unique index transfer_open_conversation_idx on transfer (tenant_id, conversation_id)
    where status in ('WAITING', 'ASSIGNED') and conversation_id is not null;
-- Queue heads: the oldest waiting transfer of a tenant's team (or general) queue.
create index transfer_waiting_idx on transfer (tenant_id, team_id, created_at, id) where status = 'WAITING';
create index transfer_list_idx on transfer (tenant_id, created_at desc);
create index transfer_agent_idx on transfer (agent_id) where status = 'ASSIGNED';

-- Tenants' webhook subscriptions, and every delivery to them (also agents' webhooks: subscription_id null).
create table webhook_subscription (
    id          text primary key,
    tenant_id   text        not null,
    url         text        not null,
    description text,
    event_types jsonb       not null,
    secret      text        not null,
    enabled     boolean     not null,
    disabled_reason text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index webhook_subscription_tenant_idx on webhook_subscription (tenant_id);

create table webhook_delivery (
    id              text primary key,
    tenant_id       text        not null,
    subscription_id text references webhook_subscription (id) on delete cascade,
    agent_id        text references agent (id) on delete cascade,
    message_id      text        not null,
    event_type      text        not null,
    url             text        not null,
    secret          text        not null,
    payload         text        not null,
    status          text        not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    locked_until    timestamptz,
    last_status     int,
    last_error      text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_subscription_idx on webhook_delivery (subscription_id, created_at desc);

create table webhook_attempt (
    id           bigint generated always as identity primary key,
    delivery_id  text        not null references webhook_delivery (id) on delete cascade,
    attempt      int         not null,
    attempted_at timestamptz not null,
    status       int,
    error        text,
    duration_ms  int         not null
);
create index webhook_attempt_delivery_idx on webhook_attempt (delivery_id, attempt);
