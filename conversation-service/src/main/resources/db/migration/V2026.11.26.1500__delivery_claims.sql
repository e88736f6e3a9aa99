-- Delivery claims tied to the liveness of the replica holding them (issue 18.2): each replica writes its heartbeat
-- every second; a pending reply claimed by a replica whose heartbeat stopped is taken over within seconds.
create table replica (
    id            text primary key,
    started_at    timestamptz not null,
    heartbeat_at  timestamptz not null
);
alter table message add column claimed_by text;
-- "Does this conversation still have a reply waiting?" (a new reply must not overtake it) and the ordered walk
-- over a conversation's waiting replies.
create index message_conversation_pending_idx on message (conversation_id, seq) where delivery_status = 'pending';
