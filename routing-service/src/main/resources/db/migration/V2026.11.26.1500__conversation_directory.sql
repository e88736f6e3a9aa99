-- What routing knows of conversation-service's conversations, from conversation.started/closed on
-- parley.conversations: which exist in a tenant (a transfer by API must name one), whose they are (a contact-only
-- transfer takes the contact's open conversation), who the contact is and on which kind of channel (agents' webhook
-- filters, the transfer list's contactName). Read model only; conversation-service owns conversations.
create table conversation_directory (
    id           text primary key,
    tenant_id    text        not null,
    contact_id   text,
    contact_name text,
    bot_id       text,
    channel_type text,
    open         boolean     not null,
    started_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index conversation_directory_contact_idx on conversation_directory (tenant_id, contact_id, started_at desc);
