package dev.parley.llm.service.agentloop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.llm.AgentLoop;
import dev.parley.llm.AgentTool;
import dev.parley.llm.client.BotServiceClient;
import dev.parley.llm.config.AgentLoopConfig;
import dev.parley.llm.repository.AgentLoopRepository;
import dev.parley.llm.service.chat.ModelRouter;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.outbound.OutboundGuard;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Tenants' agent loops: validated on every save (model route, tool schemas, tool addresses), secrets encrypted. */
@ApplicationScoped
public class AgentLoopService {

    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> TYPES = Set.of(AgentTool.HTTP, AgentTool.KNOWLEDGE_BASE, AgentTool.TRANSFER);
    /** Headers the HTTP client sets itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection");

    private final AgentLoopRepository loops;
    private final ModelRouter router;
    private final ToolSchemas schemas;
    private final OutboundGuard guard;
    private final SecretCipher cipher;
    private final AgentLoopConfig config;
    private final CurrentCaller caller;
    private final BotServiceClient bots;

    public AgentLoopService(AgentLoopRepository loops, ModelRouter router, ToolSchemas schemas, OutboundGuard guard,
            SecretCipher cipher, AgentLoopConfig config, CurrentCaller caller, BotServiceClient bots) {
        this.bots = bots;
        this.loops = loops;
        this.router = router;
        this.schemas = schemas;
        this.guard = guard;
        this.cipher = cipher;
        this.config = config;
        this.caller = caller;
    }

    @Transactional
    public AgentLoop create(AgentLoopChanges changes) {
        AgentLoop loop = new AgentLoop();
        loop.id = Ids.generate("loop");
        loop.tenantId = caller.tenantId();
        loop.tools = List.of();
        loop.maxIterations = config.defaults().maxIterations();
        loop.maxTokens = config.defaults().maxTokens();
        loop.timeoutSeconds = config.defaults().timeoutSeconds();
        apply(loop, changes);
        loops.persist(loop);
        return loop;
    }

    @Transactional
    public AgentLoop update(String id, AgentLoopChanges changes) {
        AgentLoop loop = loops.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        apply(loop, changes);
        return loop;
    }

    @Transactional
    public void delete(String id) {
        loops.delete(loops.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id)));
    }

    @Transactional
    public AgentLoop get(String id) {
        return loops.findOwned(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public Page<AgentLoop> list(PageRequest page) {
        return loops.search(caller.tenantId(), page);
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("AGENT_LOOP_NOT_FOUND", "Agent loop " + id + " does not exist.");
    }

    private void apply(AgentLoop loop, AgentLoopChanges changes) {
        FieldChecks errors = new FieldChecks();
        if (changes.name() != null) {
            loop.name = changes.name().strip();
        }
        if (changes.instructions() != null) {
            loop.instructions = changes.instructions().strip();
        }
        if (changes.model() != null) {
            loop.model = changes.model().strip();
        }
        if (changes.maxIterations() != null) {
            loop.maxIterations = changes.maxIterations();
        }
        if (changes.maxTokens() != null) {
            loop.maxTokens = changes.maxTokens();
        }
        if (changes.timeoutSeconds() != null) {
            loop.timeoutSeconds = changes.timeoutSeconds();
        }
        if (changes.tools() != null) {
            loop.tools = tools(changes.tools(), loop.tools, errors);
        }
        if (loop.name == null || loop.name.isBlank() || loop.name.length() > 100) {
            errors.add("name", "is required, at most 100 characters");
        }
        if (loop.instructions == null || loop.instructions.isBlank() || loop.instructions.length() > 20_000) {
            errors.add("instructions", "is required, at most 20000 characters");
        }
        if (loop.model == null || loop.model.isBlank()) {
            errors.add("model", "is required: a model, provider/model, an integration id or retrieval");
        }
        AgentLoopConfig.Caps limits = config.limits();
        between(errors, "maxIterations", loop.maxIterations, limits.maxIterations());
        between(errors, "maxTokens", loop.maxTokens, limits.maxTokens());
        between(errors, "timeoutSeconds", loop.timeoutSeconds, limits.timeoutSeconds());
        errors.throwIfAny();
        router.route(loop.tenantId, null, loop.model);
        if (changes.tools() != null) {
            // a knowledge base named in the body is checked like one in a path: another tenant's is not found
            for (AgentTool tool : loop.tools) {
                if (AgentTool.KNOWLEDGE_BASE.equals(tool.type())
                        && !bots.knowledgeBaseExists(loop.tenantId, tool.knowledgeBaseId())) {
                    throw ProblemException.notFound("KNOWLEDGE_BASE_NOT_FOUND",
                            "Knowledge base " + tool.knowledgeBaseId() + " does not exist.");
                }
            }
        }
        loop.touch();
    }

    private static void between(FieldChecks errors, String field, int value, int max) {
        if (value < 1 || value > max) {
            errors.add(field, "must be between 1 and " + max);
        }
    }

    private List<AgentTool> tools(List<AgentLoopChanges.Tool> wanted, List<AgentTool> before, FieldChecks errors) {
        if (wanted.size() > config.maxTools()) {
            errors.add("tools", "at most " + config.maxTools() + " tools");
            return before;
        }
        List<AgentTool> tools = new ArrayList<>(wanted.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < wanted.size(); i++) {
            String field = "tools[" + i + "]";
            AgentLoopChanges.Tool tool = wanted.get(i);
            if (tool == null) {
                errors.add(field, "must be an object");
                continue;
            }
            if (tool.name() == null || !TOOL_NAME.matcher(tool.name()).matches()) {
                errors.add(field + ".name", "is required: 1-64 letters, digits, _ or -");
            } else if (!names.add(tool.name())) {
                errors.add(field + ".name", "is used by another tool of this loop");
            }
            if (tool.description() != null && tool.description().length() > 1000) {
                errors.add(field + ".description", "at most 1000 characters");
            }
            String type = tool.type() == null ? null : tool.type().strip().toLowerCase(Locale.ROOT);
            if (type == null || !TYPES.contains(type)) {
                errors.add(field + ".type", "must be one of: http, knowledge_base, transfer");
                continue;
            }
            AgentTool previous = before.stream().filter(t -> t.name().equals(tool.name())).findFirst().orElse(null);
            tools.add(switch (type) {
                case AgentTool.HTTP -> httpTool(field, tool, previous, errors);
                case AgentTool.KNOWLEDGE_BASE -> knowledgeBaseTool(field, tool, errors);
                default -> transferTool(field, tool, errors);
            });
        }
        return tools;
    }

    private AgentTool httpTool(String field, AgentLoopChanges.Tool tool, AgentTool previous, FieldChecks errors) {
        String method = tool.method() == null ? "POST" : tool.method().strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            errors.add(field + ".method", "must be one of: GET, POST, PUT, PATCH, DELETE");
        }
        if (tool.url() == null || tool.url().isBlank()) {
            errors.add(field + ".url", "is required for an http tool");
        } else {
            try {
                // Placeholders are filled from arguments at call time; the host must be checkable now.
                guard.check(tool.url().replaceAll("\\{[A-Za-z0-9_]+}", "x"));
            } catch (OutboundRefusedException e) {
                errors.add(field + ".url", e.getMessage());
            }
        }
        JsonNode parameters = tool.parameters() != null ? tool.parameters() : schemas.noParameters();
        for (String problem : schemas.problems(parameters)) {
            errors.add(field + ".parameters", problem);
        }
        List<AgentTool.Header> headers = new ArrayList<>();
        List<AgentLoopChanges.Header> wanted = tool.headers() == null ? List.of() : tool.headers();
        if (wanted.size() > 20) {
            errors.add(field + ".headers", "at most 20 headers");
        }
        for (int h = 0; h < wanted.size() && h < 20; h++) {
            String headerField = field + ".headers[" + h + "]";
            AgentLoopChanges.Header header = wanted.get(h);
            if (header == null || header.name() == null || !HEADER_NAME.matcher(header.name()).matches()
                    || RESERVED_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
                errors.add(headerField + ".name", "must be a header name the tool may set");
                continue;
            }
            boolean secret = Boolean.TRUE.equals(header.secret());
            String value = header.value();
            if (value != null && (value.length() > 4000 || value.contains("\r") || value.contains("\n"))) {
                errors.add(headerField + ".value", "at most 4000 characters on one line");
                continue;
            }
            if (value == null && secret && previous != null && previous.headers() != null) {
                AgentTool.Header kept = previous.headers().stream()
                        .filter(p -> p.secret() && p.name().equalsIgnoreCase(header.name())).findFirst().orElse(null);
                if (kept != null) {
                    headers.add(kept);
                    continue;
                }
            }
            if (value == null) {
                errors.add(headerField + ".value", "is required");
                continue;
            }
            headers.add(new AgentTool.Header(header.name(), secret ? cipher.encrypt(value) : value, secret));
        }
        return new AgentTool(AgentTool.HTTP, tool.name(), tool.description(), parameters, method,
                tool.url() == null ? null : tool.url().strip(), headers, null, null, null);
    }

    private AgentTool knowledgeBaseTool(String field, AgentLoopChanges.Tool tool, FieldChecks errors) {
        if (!Ids.looksLike("kb", tool.knowledgeBaseId())) {
            errors.add(field + ".knowledgeBaseId", "must be a knowledge base id (kb_…)");
        }
        int topK = tool.topK() == null ? 3 : tool.topK();
        if (topK < 1 || topK > 20) {
            errors.add(field + ".topK", "must be between 1 and 20");
        }
        return new AgentTool(AgentTool.KNOWLEDGE_BASE, tool.name(), tool.description(), null, null, null, null,
                tool.knowledgeBaseId(), topK, null);
    }

    private AgentTool transferTool(String field, AgentLoopChanges.Tool tool, FieldChecks errors) {
        String teamId = tool.teamId() == null || tool.teamId().isBlank() ? null : tool.teamId().strip();
        if (teamId != null && !Ids.looksLike("team", teamId)) {
            errors.add(field + ".teamId", "must be a team id (team_…)");
        }
        return new AgentTool(AgentTool.TRANSFER, tool.name(), tool.description(), null, null, null, null, null, null,
                teamId);
    }
}
