package dev.parley.events.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.events.bot.Flow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A flow's contact panel filled in for one conversation (Whatomate's {@code panel_config}): the sections and fields the
 * flow's panel names, each field with the session variable's value ({@code null} while the customer has not given it).
 * conversation-service builds it from the session; sessions show it, and a handoff carries it to routing-service so
 * that the transfer shows what the agent's panel shows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactPanel(String flowId, String flowName, List<Section> sections) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Section(String id, String label, Integer columns, Boolean collapsible, Boolean defaultCollapsed,
            Integer order, List<Field> fields) {
    }

    /** {@code value} is always written, null included: the agent sees which fields are still empty. */
    public record Field(String key, String label, Integer order, String displayType, String color,
            @JsonInclude(JsonInclude.Include.ALWAYS) String value) {
    }

    /**
     * The panels of {@code flows} filled from {@code variables}: the current flow's (even before any answer), and
     * those of the other flows whose panel shows at least one variable the session has. Sections and fields by order.
     */
    public static List<ContactPanel> of(List<Flow> flows, String currentFlowId, Map<String, String> variables) {
        List<ContactPanel> panels = new ArrayList<>();
        if (flows == null) {
            return panels;
        }
        for (Flow flow : flows) {
            if (flow == null || flow.panelConfig() == null || flow.panelConfig().sections() == null) {
                continue;
            }
            boolean current = flow.id() != null && flow.id().equals(currentFlowId);
            boolean shown = flow.panelConfig().sections().stream().filter(s -> s != null && s.fields() != null)
                    .flatMap(s -> s.fields().stream()).anyMatch(f -> f != null && variables.containsKey(f.key()));
            if (!current && !shown) {
                continue;
            }
            List<Section> sections = flow.panelConfig().sections().stream().filter(s -> s != null)
                    .sorted(Comparator.comparing(s -> s.order() == null ? Integer.MAX_VALUE : s.order()))
                    .map(s -> new Section(s.id(), s.label(), s.columns(), s.collapsible(), s.defaultCollapsed(), s.order(),
                            s.fields() == null ? List.of() : s.fields().stream().filter(f -> f != null)
                                    .sorted(Comparator.comparing(f -> f.order() == null ? Integer.MAX_VALUE : f.order()))
                                    .map(f -> new Field(f.key(), f.label(), f.order(), f.displayType(), f.color(),
                                            variables.get(f.key())))
                                    .toList()))
                    .toList();
            ContactPanel panel = new ContactPanel(flow.id(), flow.name(), sections);
            if (current) {
                panels.addFirst(panel);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }
}
