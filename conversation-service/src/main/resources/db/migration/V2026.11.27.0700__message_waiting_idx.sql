-- A conversation's undecided messages, found without walking its history or every conversation's undecided
-- messages (what deciding looks up for each message); the recovery sweep reads this small index whole.
drop index message_unprocessed_idx;
create index message_waiting_idx on message (conversation_id, seq) where processed = false;
