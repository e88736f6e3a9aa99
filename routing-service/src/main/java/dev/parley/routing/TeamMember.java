package dev.parley.routing;

import dev.parley.platform.repository.Created;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** An agent's membership in a team, with its own priority there ({@code null}: the agent's default). */
@Entity
@Table(name = "team_member")
@IdClass(TeamMember.Key.class)
public class TeamMember extends Created {

    public static class Key implements Serializable {
        public String teamId;
        public String agentId;

        public Key() {
        }

        public Key(String teamId, String agentId) {
            this.teamId = teamId;
            this.agentId = agentId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(teamId, key.teamId) && Objects.equals(agentId, key.agentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(teamId, agentId);
        }
    }

    @Id
    @Column(name = "team_id")
    public String teamId;

    @Id
    @Column(name = "agent_id")
    public String agentId;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    public GroupPriority priority;
}
