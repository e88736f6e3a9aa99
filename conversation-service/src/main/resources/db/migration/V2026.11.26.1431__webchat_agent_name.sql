-- The assigned agent's display name, as routing announces it, shown to webchat visitors beside the agent's replies.
alter table conversation add column agent_name text;
