-- The ordered index of free agents: choosing the agent for a queue's head is one index lookup instead of ranking
-- every member of the team on each decision.
--
-- free_rank is where an agent stands in a queue's line: 0 first, 1 normal, 2 last; null while it cannot take a
-- conversation there (not accepting chats, no free slot, or a supervisor there). It is derived in the database,
-- in the very statement that changes what it depends on (taking or freeing a slot, a status, capacity or priority
-- change, a new membership), so no code path can leave it stale.
create function parley_free_rank(status text, active_chats int, max_chats_count int, priority text) returns smallint
    language sql immutable as $$
    select case when status = 'ACCEPTING_CHATS' and active_chats < max_chats_count
                then case priority when 'FIRST' then 0 when 'NORMAL' then 1 when 'LAST' then 2 end end::smallint
$$;

-- The general queue: every agent of the tenant with its default priority, load balanced.
alter table agent add column free_rank smallint
    generated always as (parley_free_rank(status, active_chats, max_chats_count, default_group_priority)) stored;
create index agent_free_idx on agent (tenant_id, free_rank, active_chats, last_assigned_at nulls first, id)
    where free_rank is not null;

-- A team's queue: the membership carries a copy of what it needs from its agent.
alter table team_member
    add column free_rank smallint,
    add column active_chats int not null default 0;
create index team_member_free_rr_idx on team_member (team_id, free_rank, last_assigned_at nulls first, agent_id)
    where free_rank is not null;
create index team_member_free_lb_idx on team_member (team_id, free_rank, active_chats, last_assigned_at nulls first, agent_id)
    where free_rank is not null;

-- A membership created or given another priority: its rank from the agent as it is now.
create function team_member_rank() returns trigger language plpgsql as $$
begin
    select parley_free_rank(a.status, a.active_chats, a.max_chats_count, coalesce(new.priority, a.default_group_priority)),
           a.active_chats
      into new.free_rank, new.active_chats
      from agent a where a.id = new.agent_id;
    return new;
end $$;
create trigger team_member_rank before insert or update of priority on team_member
    for each row execute function team_member_rank();

-- An agent whose slots, status, capacity or default priority changed: its memberships follow in the same statement.
create function agent_memberships_rank() returns trigger language plpgsql as $$
begin
    update team_member m
       set free_rank = parley_free_rank(new.status, new.active_chats, new.max_chats_count,
                                        coalesce(m.priority, new.default_group_priority)),
           active_chats = new.active_chats
     where m.agent_id = new.id;
    return null;
end $$;
create trigger agent_memberships_rank after update of status, active_chats, max_chats_count, default_group_priority on agent
    for each row
    when (old.status is distinct from new.status or old.active_chats is distinct from new.active_chats
          or old.max_chats_count is distinct from new.max_chats_count
          or old.default_group_priority is distinct from new.default_group_priority)
    execute function agent_memberships_rank();

update team_member m
   set free_rank = parley_free_rank(a.status, a.active_chats, a.max_chats_count, coalesce(m.priority, a.default_group_priority)),
       active_chats = a.active_chats
  from agent a where a.id = m.agent_id;

