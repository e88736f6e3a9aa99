-- Read model of bot configuration, fed by parley.bot-config (full snapshots, the newest version wins).
create table bot_config (
    bot_id      text primary key,
    tenant_id   text        not null,
    version     bigint      not null,
    snapshot    text        not null,
    updated_at  timestamptz not null
);

-- Which bot answers a channel: inbound traffic names the channel, never the tenant.
create table channel_binding (
    channel_id  text primary key,
    bot_id      text not null,
    tenant_id   text not null
);
create index channel_binding_bot_idx on channel_binding (bot_id);

create table contact (
    id            text primary key,
    tenant_id     text        not null,
    channel_id    text        not null,
    external_id   text        not null,
    name          text,
    visitor_token_hash text,
    created_at    timestamptz not null,
    unique (channel_id, external_id)
);
create index contact_tenant_idx on contact (tenant_id);

alter table conversation add column channel_type text;
alter table conversation add column agent_id text;
alter table conversation add column rating int;
alter table conversation add column feedback_comment text;
alter table conversation add column handed_off boolean not null default false;
alter table conversation add column closed_at timestamptz;
alter table conversation add column last_message_at timestamptz;
create index conversation_contact_idx on conversation (contact_id, status);
create index conversation_tenant_channel_idx on conversation (tenant_id, channel_id);

create table message (
    seq                 bigint generated always as identity,
    id                  text primary key,
    tenant_id           text        not null,
    conversation_id     text        not null references conversation (id) on delete cascade,
    channel_id          text,
    direction           text        not null,
    sender              text        not null,
    agent_id            text,
    text                text,
    buttons             text,
    metadata            text,
    channel_message_id  text,
    processed           boolean     not null default true,
    intent              text,
    delivery_status     text,
    delivery_attempts   int         not null default 0,
    delivery_error      text,
    next_attempt_at     timestamptz,
    created_at          timestamptz not null
);
-- A redelivered inbound message (same channel message id) is stored, and answered, once.
create unique index message_channel_dedupe_idx on message (channel_id, channel_message_id)
    where channel_message_id is not null and direction = 'inbound';
-- WhatsApp's status callbacks name the platform's id of an outbound message.
create index message_platform_id_idx on message (channel_id, channel_message_id)
    where channel_message_id is not null and direction = 'outbound';
create index message_conversation_idx on message (conversation_id, seq);
create index message_unprocessed_idx on message (created_at) where processed = false;
create index message_pending_delivery_idx on message (next_attempt_at) where delivery_status = 'pending';

create table bot_session (
    id               text primary key,
    tenant_id        text        not null,
    conversation_id  text        not null unique references conversation (id) on delete cascade,
    bot_id           text        not null,
    contact_id       text,
    current_flow_id  text,
    current_step     text,
    variables        text        not null default '{}',
    step_retries     int         not null default 0,
    fallback_count   int         not null default 0,
    greeted          boolean     not null default false,
    offline_notified boolean     not null default false,
    started_at       timestamptz not null,
    last_activity    timestamptz not null
);
create index bot_session_tenant_idx on bot_session (tenant_id, last_activity desc);
