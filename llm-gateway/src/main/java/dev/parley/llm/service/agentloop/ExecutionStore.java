package dev.parley.llm.service.agentloop;

import dev.parley.llm.AgentExecution;
import dev.parley.llm.AgentLoop;
import dev.parley.llm.ExecutionStep;
import dev.parley.llm.messaging.GatewayEvents;
import dev.parley.llm.repository.AgentExecutionRepository;
import dev.parley.llm.repository.AgentLoopRepository;
import dev.parley.llm.repository.ExecutionStepRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Executions as they progress. Every change is its own transaction, so the trace is visible step by step and
 * survives whatever happens to the thread running it; an execution's end and its event commit together.
 */
@ApplicationScoped
public class ExecutionStore {

    private final AgentExecutionRepository executions;
    private final ExecutionStepRepository steps;
    private final AgentLoopRepository loops;
    private final GatewayEvents events;

    public ExecutionStore(AgentExecutionRepository executions, ExecutionStepRepository steps, AgentLoopRepository loops,
            GatewayEvents events) {
        this.executions = executions;
        this.steps = steps;
        this.loops = loops;
        this.events = events;
    }

    /** A queued execution and the loop as it is run. */
    public record Queued(AgentLoop loop, AgentExecution execution) {
    }

    @Transactional
    public Queued queue(String tenantId, String loopId, String input, Map<String, String> variables,
            String conversationId, String botId) {
        AgentLoop loop = loops.findOwned(tenantId, loopId).orElseThrow(() -> AgentLoopService.notFound(loopId));
        AgentExecution execution = new AgentExecution();
        execution.id = Ids.generate("exe");
        execution.tenantId = loop.tenantId;
        execution.loopId = loop.id;
        execution.status = AgentExecution.QUEUED;
        execution.input = input;
        execution.variables = variables;
        execution.conversationId = conversationId;
        execution.botId = botId;
        execution.costUsd = BigDecimal.ZERO;
        execution.heartbeatAt = Instant.now();
        executions.persist(execution);
        return new Queued(loop, execution);
    }

    /** Moves a queued execution to running; false when it was cancelled or deleted meanwhile. */
    @Transactional
    public boolean start(String executionId) {
        AgentExecution execution = executions.findForUpdate(executionId).orElse(null);
        if (execution == null || !AgentExecution.QUEUED.equals(execution.status)) {
            return false;
        }
        execution.status = AgentExecution.RUNNING;
        execution.startedAt = Instant.now();
        execution.heartbeatAt = execution.startedAt;
        return true;
    }

    /**
     * Adds a step to the trace and its usage to the execution's totals. Returns whether to go on: false when the
     * execution was cancelled, ended elsewhere or deleted.
     */
    @Transactional
    public boolean record(ExecutionStep step) {
        AgentExecution execution = executions.findForUpdate(step.executionId).orElse(null);
        if (execution == null || !AgentExecution.RUNNING.equals(execution.status)) {
            return false;
        }
        steps.persist(step);
        if (ExecutionStep.MODEL.equals(step.kind) && step.error == null) {
            execution.iterations++;
            execution.promptTokens += step.promptTokens;
            execution.completionTokens += step.completionTokens;
            execution.totalTokens += step.promptTokens + step.completionTokens;
            execution.costUsd = execution.costUsd.add(step.costUsd);
        }
        execution.heartbeatAt = Instant.now();
        return !execution.cancelRequested;
    }

    /** Ends a queued or running execution; an execution that already ended stays as it is. */
    @Transactional
    public void finish(String executionId, String status, String output, String error) {
        AgentExecution execution = executions.findForUpdate(executionId).orElse(null);
        if (execution == null || execution.finished()) {
            return;
        }
        end(execution, status, output, error);
    }

    /** The tenant asked to stop it: a queued one ends now, a running one at its next step. */
    @Transactional
    public AgentExecution requestCancel(String tenantId, String loopId, String executionId) {
        AgentExecution execution = executions.findOfLoop(tenantId, loopId, executionId)
                .flatMap(e -> executions.findForUpdate(e.id))
                .orElseThrow(() -> executionNotFound(executionId));
        if (execution.finished()) {
            throw ProblemException.conflict("EXECUTION_FINISHED",
                    "Execution " + executionId + " has already ended (" + execution.status + ").");
        }
        execution.cancelRequested = true;
        if (AgentExecution.QUEUED.equals(execution.status)) {
            end(execution, AgentExecution.CANCELLED, null, "cancelled");
        }
        return execution;
    }

    /** Confirms that this gateway still works on these executions. */
    @Transactional
    public void heartbeat(Collection<String> executionIds) {
        if (!executionIds.isEmpty()) {
            executions.touch(executionIds, Instant.now());
        }
    }

    /** Ends executions abandoned by a gateway that stopped; returns how many. */
    @Transactional
    public int failAbandoned(Instant unconfirmedSince, String reason) {
        List<AgentExecution> abandoned = executions.abandoned(unconfirmedSince, 100);
        abandoned.forEach(e -> end(e, AgentExecution.FAILED, null, reason));
        return abandoned.size();
    }

    /** Asks routing for a person on the execution's conversation (the transfer tool). */
    @Transactional
    public void requestHandoff(String tenantId, String conversationId, String botId, String teamId, String reason,
            String notes) {
        events.handoffRequested(tenantId, conversationId, botId, teamId, reason, notes);
    }

    static ProblemException executionNotFound(String id) {
        return ProblemException.notFound("EXECUTION_NOT_FOUND",
                "Execution " + id + " does not exist.");
    }

    private void end(AgentExecution execution, String status, String output, String error) {
        execution.status = status;
        execution.output = output;
        execution.error = error;
        execution.finishedAt = Instant.now();
        if (AgentExecution.CANCELLED.equals(status)) {
            return;
        }
        String loopName = loops.findByIdOptional(execution.loopId).map(l -> l.name).orElse(null);
        events.executionFinished(execution, loopName);
    }
}
