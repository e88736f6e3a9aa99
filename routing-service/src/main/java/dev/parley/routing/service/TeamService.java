package dev.parley.routing.service;

import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.Team;
import dev.parley.routing.repository.TeamRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

@ApplicationScoped
public class TeamService {

    private final TeamRepository teams;
    private final CurrentCaller caller;

    public TeamService(TeamRepository teams, CurrentCaller caller) {
        this.teams = teams;
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
        team.createdAt = Instant.now();
        team.updatedAt = team.createdAt;
        teams.persist(team);
        return team;
    }

    @Transactional
    public Page<Team> list(PageRequest page) {
        return teams.listOwned(caller.tenantId(), page);
    }

    @Transactional
    public Team get(String id) {
        return teams.findOwned(caller.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("TEAM_NOT_FOUND", "Team " + id + " does not exist."));
    }
}
