package dev.parley.routing.service;

import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.routing.Agent;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.GroupPriority;
import dev.parley.routing.Team;
import dev.parley.routing.TeamMember;
import dev.parley.routing.repository.AgentRepository;
import dev.parley.routing.repository.TeamMemberRepository;
import dev.parley.routing.repository.TeamRepository;
import dev.parley.routing.repository.TransferRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
public class TeamService {

    /** A member as a team lists it. */
    public record Member(TeamMember membership, Agent agent) {
    }

    private final TeamRepository teams;
    private final TeamMemberRepository members;
    private final AgentRepository agents;
    private final TransferRepository transfers;
    private final AssignmentService assignment;
    private final CurrentCaller caller;

    public TeamService(TeamRepository teams, TeamMemberRepository members, AgentRepository agents,
            TransferRepository transfers, AssignmentService assignment, CurrentCaller caller) {
        this.teams = teams;
        this.members = members;
        this.agents = agents;
        this.transfers = transfers;
        this.assignment = assignment;
        this.caller = caller;
    }

    @Transactional
    public Team create(String name, String description, AssignmentStrategy strategy) {
        String tenant = caller.tenantId();
        if (teams.nameTaken(tenant, name)) {
            throw ProblemException.conflict("TEAM_NAME_TAKEN", "A team named '" + name + "' already exists.");
        }
        Team team = new Team();
        team.id = Ids.generate("team");
        team.tenantId = tenant;
        team.name = name;
        team.description = description;
        team.strategy = strategy == null ? AssignmentStrategy.ROUND_ROBIN : strategy;
        teams.persist(team);
        return team;
    }

    @Transactional
    public Page<Team> list(PageRequest page) {
        return teams.listOwned(caller.tenantId(), page);
    }

    @Transactional
    public Team get(String id) {
        return teams.findOwned(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    /** {@code null} leaves a field as it is. A new strategy applies to the next decision. */
    public Team update(String id, String name, String description, AssignmentStrategy strategy) {
        String tenant = caller.tenantId();
        QuarkusTransaction.requiringNew().run(() -> {
            Team team = teams.findOwnedForUpdate(tenant, id).orElseThrow(() -> notFound(id));
            if (name != null && !name.equalsIgnoreCase(team.name) && teams.nameTaken(tenant, name)) {
                throw ProblemException.conflict("TEAM_NAME_TAKEN", "A team named '" + name + "' already exists.");
            }
            if (name != null) {
                team.name = name;
            }
            if (description != null) {
                team.description = description;
            }
            if (strategy != null) {
                team.strategy = strategy;
            }
            team.touch();
        });
        assignment.reassess(tenant);
        return QuarkusTransaction.requiringNew().call(() -> get(id));
    }

    /** Only without waiting or assigned transfers: a team's customers are never dropped with it. */
    @Transactional
    public void delete(String id) {
        Team team = teams.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        if (transfers.openInTeam(team.id) > 0) {
            throw ProblemException.conflict("TEAM_HAS_OPEN_TRANSFERS",
                    "Team " + id + " still has waiting or assigned transfers; resume or reassign them first.");
        }
        teams.delete(team);
    }

    @Transactional
    public List<Member> members(String id) {
        Team team = get(id);
        return members.ofTeam(team.id).stream().map(m -> new Member(m, agents.findById(m.agentId))).toList();
    }

    /** Adds the agent to the team, or changes its priority there ({@code null}: the agent's default). */
    public Member putMember(String id, String agentId, GroupPriority priority) {
        String tenant = caller.tenantId();
        QuarkusTransaction.requiringNew().run(() -> {
            Team team = teams.findOwned(tenant, id).orElseThrow(() -> notFound(id));
            Agent agent = agents.findOwned(tenant, agentId).orElseThrow(() -> AgentService.notFound(agentId));
            TeamMember member = members.findById(new TeamMember.Key(team.id, agent.id));
            if (member == null) {
                member = new TeamMember();
                member.teamId = team.id;
                member.agentId = agent.id;
                member.tenantId = tenant;
                members.persist(member);
            }
            member.priority = priority;
        });
        assignment.reassess(tenant);
        return QuarkusTransaction.requiringNew().call(() -> new Member(members.findById(new TeamMember.Key(id, agentId)),
                agents.findById(agentId)));
    }

    @Transactional
    public void removeMember(String id, String agentId) {
        Team team = get(id);
        if (!members.deleteById(new TeamMember.Key(team.id, agentId))) {
            throw ProblemException.notFound("MEMBER_NOT_FOUND", "Agent " + agentId + " is not a member of team " + id + ".");
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("TEAM_NOT_FOUND", "Team " + id + " does not exist.");
    }
}
