package dev.parley.bot.service.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.ConversationFlow;
import dev.parley.bot.repository.FlowRepository;
import dev.parley.bot.service.parts.BotChanges;
import dev.parley.bot.service.parts.FlowReferences;
import dev.parley.bot.service.validation.ApiFetchChecks;
import dev.parley.bot.service.validation.ConfigDocuments;
import dev.parley.bot.service.validation.ReplyButtons;
import dev.parley.bot.service.validation.SafeRegex;
import dev.parley.bot.service.validation.TransferChecks;
import dev.parley.bot.service.validation.TransferTargets;
import dev.parley.events.bot.Flow;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's step flows (Whatomate's {@code /chatbot/flows}), shared by bots. Saving one validates every step and
 * republishes the snapshot of every bot that embeds it; a flow still in use cannot be deleted.
 */
@ApplicationScoped
public class FlowService {

    public static final String ID_PREFIX = "flow";
    static final int MAX_STEPS = 100;
    private static final Set<String> DISPLAY_TYPES = Set.of("text", "badge", "tag");
    private static final Set<String> COLORS = Set.of("default", "success", "warning", "error", "info");

    private final FlowRepository flows;
    private final FlowReferences references;
    private final BotChanges changes;
    private final ConfigDocuments documents;
    private final ApiFetchChecks apiFetch;
    private final TransferTargets transferTargets;
    private final CurrentCaller caller;

    public FlowService(FlowRepository flows, FlowReferences references, BotChanges changes, ConfigDocuments documents,
            ApiFetchChecks apiFetch, TransferTargets transferTargets, CurrentCaller caller) {
        this.transferTargets = transferTargets;
        this.flows = flows;
        this.references = references;
        this.changes = changes;
        this.documents = documents;
        this.apiFetch = apiFetch;
        this.caller = caller;
    }

    @Transactional
    public Page<ConversationFlow> list(String search, PageRequest page) {
        return flows.search(caller.tenantId(), search, page);
    }

    @Transactional
    public ConversationFlow get(String id) {
        return flows.findOwned(caller.tenantId(), id).orElseThrow(() -> BotChanges.flowNotFound(id));
    }

    @Transactional
    public ConversationFlow create(ObjectNode body) {
        Flow definition = validated(caller.tenantId(), documents.read(withDefaults(documents.shaped(body)), Flow.class));
        ConversationFlow flow = newFlow(caller.tenantId(), definition);
        flows.persist(flow);
        return flow;
    }

    /** A new flow row of the tenant for a validated definition, not yet persisted. */
    public static ConversationFlow newFlow(String tenantId, Flow definition) {
        ConversationFlow flow = new ConversationFlow();
        flow.id = Ids.generate(ID_PREFIX);
        flow.tenantId = tenantId;
        flow.define(definition);
        return flow;
    }

    @Transactional
    public ConversationFlow update(String id, ObjectNode body, boolean replace) {
        ConversationFlow flow = flows.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> BotChanges.flowNotFound(id));
        ObjectNode document = replace ? withDefaults(documents.shaped(body)) : documents.merged(flow.definition, documents.shaped(body));
        flow.define(validated(flow.tenantId, documents.read(numbered(document), Flow.class)));
        flow.touch();
        flows.flush();
        changes.republishAll(flow.tenantId, references.botsUsing(flow.tenantId, flow.id));
        return flow;
    }

    @Transactional
    public void delete(String id) {
        ConversationFlow flow = flows.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> BotChanges.flowNotFound(id));
        Set<String> users = references.botsUsing(flow.tenantId, flow.id);
        if (!users.isEmpty()) {
            throw ProblemException.conflict("FLOW_IN_USE", "Flow " + id + " is used by bots " + users
                    + " (default flow, flowIds or a keyword rule); remove those references first.");
        }
        flows.delete(flow);
    }

    private static ObjectNode withDefaults(ObjectNode doc) {
        return numbered(ConfigDocuments.enabledByDefault(doc));
    }

    /** Steps without a {@code stepOrder} take their position in the list. */
    private static ObjectNode numbered(ObjectNode doc) {
        JsonNode steps = doc.get("steps");
        if (steps instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) instanceof ObjectNode step && !step.hasNonNull("stepOrder")) {
                    step.put("stepOrder", i + 1);
                }
            }
        }
        return doc;
    }

    /** The flow as stored, or a problem: its form first, then whether the teams its transfer steps name are the tenant's. */
    public Flow validated(String tenantId, Flow flow) {
        FieldChecks checks = new FieldChecks();
        Map<String, String> teams = new LinkedHashMap<>();
        if (checks.required("name", flow.name())) {
            checks.maxLength("name", flow.name(), 100);
        }
        checks.phrases("triggerKeywords", flow.triggerKeywords(), 100);
        checks.template("initialMessage", flow.initialMessage(), 4096);
        checks.template("completionMessage", flow.completionMessage(), 4096);
        checkPanel(flow.panelConfig(), checks);
        List<Flow.Step> steps = new ArrayList<>();
        if (checks.required("steps", flow.steps())) {
            checks.maxItems("steps", flow.steps(), MAX_STEPS);
            Set<Integer> orders = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < flow.steps().size(); i++) {
                Flow.Step step = flow.steps().get(i);
                String field = "steps[" + i + "]";
                if (step == null) {
                    checks.add(field, "must be an object");
                    continue;
                }
                Flow.Step completed = completed(step);
                checkStep(field, completed, checks, teams);
                if (!orders.add(completed.stepOrder())) {
                    checks.add(field + ".stepOrder", "is used by another step");
                }
                if (!names.add(completed.stepName())) {
                    checks.add(field + ".stepName", "is used by another step");
                }
                steps.add(completed);
            }
        }
        checks.throwIfAny();
        transferTargets.requireTeams(tenantId, teams);
        steps.sort(Comparator.comparingInt(Flow.Step::stepOrder));
        return new Flow(null, flow.name(), flow.triggerKeywords(), flow.initialMessage(), flow.completionMessage(),
                flow.enabled(), flow.panelConfig(), steps);
    }

    /** Defaults: a step name from its order, the input a message type implies, ids for buttons. */
    private Flow.Step completed(Flow.Step s) {
        Flow.MessageType type = s.messageType() == null ? Flow.MessageType.TEXT : s.messageType();
        Flow.InputType input = s.inputType();
        if (input == null) {
            input = switch (type) {
                case BUTTONS -> Flow.InputType.SELECT;
                case TEXT -> Flow.InputType.TEXT;
                default -> Flow.InputType.NONE;
            };
        }
        String name = s.stepName() == null || s.stepName().isBlank() ? "step_" + s.stepOrder() : s.stepName();
        return new Flow.Step(name, s.stepOrder(), s.message(), type, input, s.validation(), s.retryMessage(), s.maxRetries(),
                ReplyButtons.withIds(s.buttons()), s.storeAs(), apiFetch.normalized(s.apiFetch()), s.transferConfig(),
                s.whatsappFlow());
    }

    private void checkStep(String field, Flow.Step step, FieldChecks checks, Map<String, String> teams) {
        checks.maxLength(field + ".stepName", step.stepName(), 100);
        if (step.stepOrder() < 1 || step.stepOrder() > 10_000) {
            checks.add(field + ".stepOrder", "must be between 1 and 10000");
        }
        checks.template(field + ".message", step.message(), 4096);
        checks.template(field + ".retryMessage", step.retryMessage(), 1000);
        checks.range(field + ".maxRetries", step.maxRetries(), 0, 10);
        if (step.storeAs() != null && !FieldChecks.VARIABLE.matcher(step.storeAs()).matches()) {
            checks.add(field + ".storeAs", "must be a variable name (letters, digits, _; not starting with a digit)");
        }
        switch (step.messageType()) {
            case TEXT -> checks.required(field + ".message", step.message());
            case BUTTONS -> {
                checks.required(field + ".message", step.message());
                ReplyButtons.check(field + ".buttons", step.buttons(), true, checks);
            }
            case API_FETCH -> {
                if (checks.required(field + ".apiFetch", step.apiFetch())) {
                    apiFetch.check(field + ".apiFetch", step.apiFetch(), checks);
                }
            }
            case WHATSAPP_FLOW -> {
                if (checks.required(field + ".whatsappFlow", step.whatsappFlow())) {
                    checks.required(field + ".whatsappFlow.flowId", step.whatsappFlow().flowId());
                    checks.maxLength(field + ".whatsappFlow.flowId", step.whatsappFlow().flowId(), 100);
                    checks.maxLength(field + ".whatsappFlow.cta", step.whatsappFlow().cta(), 30);
                    checks.maxLength(field + ".whatsappFlow.screen", step.whatsappFlow().screen(), 100);
                }
            }
            case TRANSFER -> {
                if (step.inputType() != Flow.InputType.NONE) {
                    checks.add(field + ".inputType", "must be none: a transfer step ends the flow");
                }
                TransferChecks.check(field + ".transferConfig", step.transferConfig(), checks, teams);
            }
        }
        if (step.messageType() != Flow.MessageType.BUTTONS && step.buttons() != null && !step.buttons().isEmpty()) {
            checks.add(field + ".buttons", "are only for buttons steps");
        }
        if (step.messageType() != Flow.MessageType.API_FETCH && step.apiFetch() != null) {
            checks.add(field + ".apiFetch", "is only for api_fetch steps");
        }
        if (step.messageType() != Flow.MessageType.TRANSFER && step.transferConfig() != null) {
            checks.add(field + ".transferConfig", "is only for transfer steps");
        }
        if (step.inputType() == Flow.InputType.SELECT && step.messageType() != Flow.MessageType.BUTTONS) {
            checks.add(field + ".inputType", "select needs a buttons step to choose from");
        }
        checkValidation(field + ".validation", step.inputType(), step.validation(), checks);
    }

    private static void checkValidation(String field, Flow.InputType input, Flow.Validation v, FieldChecks checks) {
        if (v == null) {
            return;
        }
        if (input == Flow.InputType.NONE) {
            checks.add(field, "needs an inputType other than none");
        }
        SafeRegex.check(checks, field + ".pattern", v.pattern());
        checks.range(field + ".minLength", v.minLength(), 0, 4096);
        checks.range(field + ".maxLength", v.maxLength(), 1, 4096);
        if (v.minLength() != null && v.maxLength() != null && v.minLength() > v.maxLength()) {
            checks.add(field + ".minLength", "must not be greater than maxLength");
        }
        if ((v.min() != null || v.max() != null) && input != Flow.InputType.NUMBER) {
            checks.add(field, "min and max are for inputType number");
        }
        if (v.min() != null && v.max() != null && v.min() > v.max()) {
            checks.add(field + ".min", "must not be greater than max");
        }
    }

    private static void checkPanel(Flow.PanelConfig panel, FieldChecks checks) {
        if (panel == null || panel.sections() == null) {
            return;
        }
        checks.maxItems("panelConfig.sections", panel.sections(), 20);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < panel.sections().size(); i++) {
            Flow.PanelConfig.Section s = panel.sections().get(i);
            String field = "panelConfig.sections[" + i + "]";
            if (s == null) {
                checks.add(field, "must be an object");
                continue;
            }
            if (checks.required(field + ".id", s.id()) && !ids.add(s.id())) {
                checks.add(field + ".id", "is used by another section");
            }
            checks.maxLength(field + ".id", s.id(), 64);
            checks.required(field + ".label", s.label());
            checks.maxLength(field + ".label", s.label(), 100);
            if (s.columns() != null && s.columns() != 1 && s.columns() != 2) {
                checks.add(field + ".columns", "must be 1 or 2");
            }
            if (s.fields() == null) {
                continue;
            }
            checks.maxItems(field + ".fields", s.fields(), 50);
            for (int j = 0; j < s.fields().size(); j++) {
                Flow.PanelConfig.Field f = s.fields().get(j);
                String ff = field + ".fields[" + j + "]";
                if (f == null) {
                    checks.add(ff, "must be an object");
                    continue;
                }
                if (checks.required(ff + ".key", f.key()) && !FieldChecks.VARIABLE.matcher(f.key()).matches()) {
                    checks.add(ff + ".key", "must be a session variable name");
                }
                checks.maxLength(ff + ".label", f.label(), 100);
                if (f.displayType() != null && !DISPLAY_TYPES.contains(f.displayType())) {
                    checks.add(ff + ".displayType", "must be one of: text, badge, tag");
                }
                if (f.color() != null && !COLORS.contains(f.color())) {
                    checks.add(ff + ".color", "must be one of: default, success, warning, error, info");
                }
            }
        }
    }
}
