package dev.parley.bot.service.parts;

import dev.parley.bot.BotDefinition;
import dev.parley.bot.ConversationFlow;
import dev.parley.bot.repository.BotRepository;
import dev.parley.bot.repository.FlowRepository;
import dev.parley.bot.repository.KeywordRuleRepository;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Which flows bots and rules reference, and which bots a flow change concerns. */
@ApplicationScoped
public class FlowReferences {

    private final FlowRepository flows;
    private final BotRepository bots;
    private final KeywordRuleRepository rules;

    public FlowReferences(FlowRepository flows, BotRepository bots, KeywordRuleRepository rules) {
        this.flows = flows;
        this.bots = bots;
        this.rules = rules;
    }

    /** {@code references}: field path to flow id. 404 {@code FLOW_NOT_FOUND} naming every missing one. */
    public void requireExisting(String tenantId, Map<String, String> references) {
        if (references.isEmpty()) {
            return;
        }
        Set<String> found = flows.findOwned(tenantId, Set.copyOf(references.values())).stream()
                .map(f -> f.id).collect(Collectors.toSet());
        List<FieldError> missing = new ArrayList<>();
        references.forEach((field, id) -> {
            if (!found.contains(id)) {
                missing.add(new FieldError(field, "flow " + id + " does not exist"));
            }
        });
        if (!missing.isEmpty()) {
            throw new ProblemException(404, "FLOW_NOT_FOUND", "Not found", "The request references flows that do not exist: "
                    + missing.stream().map(FieldError::message).collect(Collectors.joining("; ")) + ".", missing, Map.of());
        }
    }

    /** The flow references of a bot definition, by field. */
    public static Map<String, String> of(BotDefinition bot) {
        Map<String, String> refs = new LinkedHashMap<>();
        if (bot.flowId() != null) {
            refs.put("flowId", bot.flowId());
        }
        if (bot.flowIds() != null) {
            for (int i = 0; i < bot.flowIds().size(); i++) {
                refs.put("flowIds[" + i + "]", bot.flowIds().get(i));
            }
        }
        return refs;
    }

    /** Bots whose snapshot embeds the flow: by their default flow, {@code flowIds} or a keyword rule. */
    public Set<String> botsUsing(String tenantId, String flowId) {
        Set<String> ids = new TreeSet<>(bots.idsReferencingFlow(tenantId, flowId));
        ids.addAll(rules.botIdsStartingFlow(tenantId, flowId));
        return ids;
    }

    public List<ConversationFlow> flows(String tenantId, Set<String> ids) {
        return flows.findOwned(tenantId, ids);
    }
}
