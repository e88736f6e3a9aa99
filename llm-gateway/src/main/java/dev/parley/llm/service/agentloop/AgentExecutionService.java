package dev.parley.llm.service.agentloop;

import dev.parley.llm.AgentExecution;
import dev.parley.llm.ExecutionStep;
import dev.parley.llm.repository.AgentExecutionRepository;
import dev.parley.llm.repository.AgentLoopRepository;
import dev.parley.llm.repository.ExecutionStepRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs of agent loops: started for the caller's tenant, listed, read with their trace, cancelled. */
@ApplicationScoped
public class AgentExecutionService {

    /** What a run is asked to work on. */
    public record RunRequest(String input, Map<String, String> variables, String conversationId, String botId) {
    }

    /** An execution with its trace. */
    public record Traced(AgentExecution execution, List<ExecutionStep> steps) {
    }

    private static final Set<String> STATUSES = Set.of(AgentExecution.QUEUED, AgentExecution.RUNNING,
            AgentExecution.COMPLETED, AgentExecution.FAILED, AgentExecution.CANCELLED);

    private final AgentLoopRepository loops;
    private final AgentExecutionRepository executions;
    private final ExecutionStepRepository steps;
    private final ExecutionStore store;
    private final AgentLoopRunner runner;
    private final CurrentCaller caller;

    public AgentExecutionService(AgentLoopRepository loops, AgentExecutionRepository executions,
            ExecutionStepRepository steps, ExecutionStore store, AgentLoopRunner runner, CurrentCaller caller) {
        this.loops = loops;
        this.executions = executions;
        this.steps = steps;
        this.store = store;
        this.runner = runner;
        this.caller = caller;
    }

    /** Queues an execution (committed before it starts) and hands it to the runner. */
    public AgentExecution run(String loopId, RunRequest request) {
        String tenantId = caller.tenantId();
        String plan = caller.plan().orElse(null);
        check(request);
        Map<String, String> variables = request.variables() == null ? Map.of() : Map.copyOf(request.variables());
        ExecutionStore.Queued queued = store.queue(tenantId, loopId, request.input(), variables,
                request.conversationId(), request.botId());
        runner.submit(new AgentLoopRunner.Job(queued.loop(), queued.execution(), tenantId, plan));
        return queued.execution();
    }

    @Transactional
    public Page<AgentExecution> list(String loopId, String status, PageRequest page) {
        String tenantId = caller.tenantId();
        loops.findOwned(tenantId, loopId).orElseThrow(() -> AgentLoopService.notFound(loopId));
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.validation("status", "must be one of: queued, running, completed, failed, cancelled");
        }
        return executions.search(tenantId, loopId, status, page);
    }

    @Transactional
    public Traced get(String loopId, String executionId) {
        AgentExecution execution = executions.findOfLoop(caller.tenantId(), loopId, executionId)
                .orElseThrow(() -> ExecutionStore.executionNotFound(executionId));
        return new Traced(execution, steps.trace(execution.id));
    }

    public AgentExecution cancel(String loopId, String executionId) {
        AgentExecution execution = store.requestCancel(caller.tenantId(), loopId, executionId);
        runner.interrupt(execution.id);
        return execution;
    }

    private static void check(RunRequest request) {
        FieldChecks errors = new FieldChecks();
        if (request.input() == null || request.input().isBlank() || request.input().length() > 100_000) {
            errors.add("input", "is required, at most 100000 characters");
        }
        if (request.variables() != null) {
            if (request.variables().size() > 50) {
                errors.add("variables", "at most 50");
            }
            request.variables().forEach((name, value) -> {
                if (name == null || name.length() > 100 || value == null || value.length() > 10_000) {
                    errors.add("variables", "names up to 100 characters, string values up to 10000");
                }
            });
        }
        if (request.conversationId() != null && !Ids.looksLike("conv", request.conversationId())) {
            errors.add("conversationId", "must be a conversation id (conv_…)");
        }
        if (request.botId() != null && !Ids.looksLike("bot", request.botId())) {
            errors.add("botId", "must be a bot id (bot_…)");
        }
        errors.throwIfAny();
    }
}
