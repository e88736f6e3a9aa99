-- The contact panels (Whatomate's panel_config filled from the session) a handoff carried: what the agent's panel shows.
alter table transfer add column panels jsonb;
