-- Agents' private notes on a conversation: never delivered, never shown to the contact.
create table note (
    id              text primary key,
    tenant_id       text        not null,
    conversation_id text        not null references conversation (id) on delete cascade,
    text            text        not null,
    agent_id        text,
    created_by      text        not null,
    created_at      timestamptz not null
);
create index note_conversation_idx on note (conversation_id, created_at, id);
