package dev.parley.routing.service;

import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.outbound.OutboundGuard;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.routing.Agent;
import dev.parley.routing.AgentStatus;
import dev.parley.routing.AgentType;
import dev.parley.routing.GroupPriority;
import dev.parley.routing.TeamMember;
import dev.parley.routing.Transfer;
import dev.parley.routing.repository.AgentRepository;
import dev.parley.routing.repository.AssignmentRepository;
import dev.parley.routing.repository.TeamMemberRepository;
import dev.parley.routing.repository.TeamRepository;
import dev.parley.routing.repository.TransferRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Human and bot agents with their capacity, status, team memberships and webhooks. Every change that can let an
 * agent take conversations (accepting chats, more slots, other teams) reassesses the queues once committed.
 */
@ApplicationScoped
public class AgentService {

    public static final int DEFAULT_MAX_CHATS = 6;
    public static final int MAX_MAX_CHATS = 1000;

    public record Membership(String id, GroupPriority priority) {
    }

    public record Webhooks(String url, String secretKey, List<Agent.WebhookAction> actions) {
    }

    /** A new agent: {@code null} fields take their defaults. */
    public record Draft(AgentType type, String name, String avatar, AgentStatus status, Integer maxChatsCount,
            GroupPriority defaultGroupPriority, String userId, List<Membership> groups, Webhooks webhooks) {
    }

    /** A change: {@code null} leaves a field as it is; an empty {@code webhooks} removes them. */
    public record Changes(String name, Optional<String> avatar, AgentStatus status, Integer maxChatsCount,
            GroupPriority defaultGroupPriority, Optional<String> userId, List<Membership> groups,
            Optional<Webhooks> webhooks) {
    }

    /** An agent with its memberships, as the API shows it. */
    public record View(Agent agent, List<TeamMember> groups) {
    }

    private final AgentRepository agents;
    private final TeamMemberRepository members;
    private final TeamRepository teams;
    private final TransferRepository transfers;
    private final AssignmentRepository assignments;
    private final AssignmentService assignment;
    private final OutboundGuard guard;
    private final SecretCipher cipher;

    public AgentService(AgentRepository agents, TeamMemberRepository members, TeamRepository teams,
            TransferRepository transfers, AssignmentRepository assignments, AssignmentService assignment,
            OutboundGuard guard, SecretCipher cipher) {
        this.agents = agents;
        this.members = members;
        this.teams = teams;
        this.transfers = transfers;
        this.assignments = assignments;
        this.assignment = assignment;
        this.guard = guard;
        this.cipher = cipher;
    }

    public View create(String tenantId, String ownerId, Draft draft) {
        String id = QuarkusTransaction.requiringNew().call(() -> createInCurrentTransaction(tenantId, ownerId, draft).agent().id);
        assignment.reassessForAgent(tenantId, id);
        return get(tenantId, id);
    }

    /** {@link #create} inside the caller's transaction (an Idempotency-Key's); the caller then {@link #reassess}es. */
    @Transactional(Transactional.TxType.MANDATORY)
    public View createInCurrentTransaction(String tenantId, String ownerId, Draft draft) {
        validateMaxChats(draft.maxChatsCount());
        Agent agent = new Agent();
        agent.id = Ids.generate("agt");
        agent.tenantId = tenantId;
        agent.type = draft.type() == null ? AgentType.HUMAN : draft.type();
        agent.ownerId = ownerId;
        agent.name = draft.name();
        agent.avatar = draft.avatar();
        agent.status = draft.status() == null ? AgentStatus.ACCEPTING_CHATS : draft.status();
        agent.maxChatsCount = draft.maxChatsCount() == null ? DEFAULT_MAX_CHATS : draft.maxChatsCount();
        agent.defaultGroupPriority = draft.defaultGroupPriority() == null ? GroupPriority.NORMAL : draft.defaultGroupPriority();
        setUser(agent, draft.userId());
        setWebhooks(agent, draft.webhooks());
        agents.persist(agent);
        replaceGroups(agent, draft.groups() == null ? List.of() : draft.groups());
        agents.flush();
        return new View(agent, members.ofAgent(agent.id));
    }

    public void reassess(String tenantId) {
        assignment.reassess(tenantId);
    }

    public View update(String tenantId, String id, Changes changes) {
        QuarkusTransaction.requiringNew().run(() -> {
            Agent agent = agents.findOwnedForUpdate(tenantId, id).orElseThrow(() -> notFound(id));
            validateMaxChats(changes.maxChatsCount());
            if (changes.name() != null) {
                agent.name = changes.name();
            }
            if (changes.avatar() != null) {
                agent.avatar = changes.avatar().orElse(null);
            }
            if (changes.status() != null) {
                agent.status = changes.status();
            }
            if (changes.maxChatsCount() != null) {
                agent.maxChatsCount = changes.maxChatsCount();
            }
            if (changes.defaultGroupPriority() != null) {
                agent.defaultGroupPriority = changes.defaultGroupPriority();
            }
            if (changes.userId() != null) {
                setUser(agent, changes.userId().orElse(null));
            }
            if (changes.webhooks() != null) {
                setWebhooks(agent, changes.webhooks().orElse(null));
            }
            if (changes.groups() != null) {
                replaceGroups(agent, changes.groups());
            }
            agent.touch();
        });
        assignment.reassessForAgent(tenantId, id);
        return get(tenantId, id);
    }

    /** Its conversations go back to the front of their queues, to the next free agent. */
    public void delete(String tenantId, String id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Agent agent = agents.findOwnedForUpdate(tenantId, id).orElseThrow(() -> notFound(id));
            for (Transfer transfer : transfers.assignedTo(agent.id)) {
                assignments.requeue(transfer.id);
            }
            agents.delete(agent);
        });
        assignment.reassess(tenantId);
    }

    @Transactional
    public View get(String tenantId, String id) {
        Agent agent = agents.findOwned(tenantId, id).orElseThrow(() -> notFound(id));
        return new View(agent, members.ofAgent(agent.id));
    }

    /** {@code ownerId == null}: all of the tenant's agents; else that caller's bot agents. */
    @Transactional
    public Page<View> list(String tenantId, String ownerId, AgentType type, AgentStatus status, PageRequest page) {
        return agents.list(tenantId, ownerId, type, status, page).map(agent -> new View(agent, members.ofAgent(agent.id)));
    }

    /** The agent signed in as {@code userId}, for requests that act as "me". */
    @Transactional
    public Agent ofUser(String tenantId, String userId) {
        return agents.findByUser(tenantId, userId).orElseThrow(() -> ProblemException.notFound("AGENT_NOT_FOUND",
                "No agent is linked to your sign-in (" + userId + "); pass agentId or set the agent's userId."));
    }

    private void setUser(Agent agent, String userId) {
        if (userId != null && agent.type == AgentType.BOT) {
            throw ProblemException.validation("userId", "bot agents cannot sign in");
        }
        if (userId != null && agents.userTaken(agent.tenantId, userId, agent.id)) {
            throw ProblemException.conflict("AGENT_USER_TAKEN", "Another agent is already linked to " + userId + ".");
        }
        agent.userId = userId;
    }

    private void setWebhooks(Agent agent, Webhooks webhooks) {
        if (webhooks == null) {
            agent.webhookUrl = null;
            agent.webhookSecret = null;
            agent.webhookActions = null;
            return;
        }
        FieldChecks errors = new FieldChecks();
        try {
            guard.check(webhooks.url());
        } catch (OutboundRefusedException e) {
            errors.add("webhooks.url", e.getMessage());
        }
        AgentNotifications.check(webhooks.actions(), errors);
        errors.throwIfAny();
        agent.webhookUrl = webhooks.url().strip();
        agent.webhookSecret = cipher.encrypt(webhooks.secretKey());
        agent.webhookActions = List.copyOf(webhooks.actions());
    }

    private void replaceGroups(Agent agent, List<Membership> groups) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            Membership group = groups.get(i);
            if (!seen.add(group.id())) {
                throw ProblemException.validation("groups[" + i + "].id", "appears twice");
            }
            if (teams.findOwned(agent.tenantId, group.id()).isEmpty()) {
                throw ProblemException.notFound("TEAM_NOT_FOUND", "Team " + group.id() + " does not exist.");
            }
        }
        // kept memberships keep their round-robin position
        for (TeamMember existing : members.ofAgent(agent.id)) {
            if (!seen.contains(existing.teamId)) {
                members.delete(existing);
            }
        }
        for (Membership group : groups) {
            TeamMember member = members.findById(new TeamMember.Key(group.id(), agent.id));
            if (member == null) {
                member = new TeamMember();
                member.teamId = group.id();
                member.agentId = agent.id;
                member.tenantId = agent.tenantId;
                members.persist(member);
            }
            member.priority = group.priority();
        }
    }

    private static void validateMaxChats(Integer maxChatsCount) {
        if (maxChatsCount != null && (maxChatsCount < 0 || maxChatsCount > MAX_MAX_CHATS)) {
            throw ProblemException.validation("maxChatsCount", "must be between 0 and " + MAX_MAX_CHATS);
        }
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("AGENT_NOT_FOUND", "Agent " + id + " does not exist.");
    }
}
