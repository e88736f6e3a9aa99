package dev.parley.routing.repository;

import dev.parley.routing.TeamMember;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class TeamMemberRepository implements PanacheRepositoryBase<TeamMember, TeamMember.Key> {

    public List<TeamMember> ofAgent(String agentId) {
        return list("agentId", Sort.ascending("teamId"), agentId);
    }

    public List<TeamMember> ofTeam(String teamId) {
        return list("teamId", Sort.ascending("agentId"), teamId);
    }

    public long deleteOfAgent(String agentId) {
        return delete("agentId", agentId);
    }
}
