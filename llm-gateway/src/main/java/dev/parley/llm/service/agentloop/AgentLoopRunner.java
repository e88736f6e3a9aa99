package dev.parley.llm.service.agentloop;

import dev.parley.llm.service.chat.ChatCall;
import dev.parley.llm.service.chat.ChatResult;
import dev.parley.llm.service.chat.ChatService;
import dev.parley.llm.service.chat.ModelCatalogue;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.parley.llm.AgentExecution;
import dev.parley.llm.AgentLoop;
import dev.parley.llm.AgentTool;
import dev.parley.llm.ExecutionStep;
import dev.parley.llm.config.AgentLoopConfig;
import dev.parley.platform.problem.ProblemException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs executions on virtual threads, at most {@code parley.agent-loops.max-concurrent} at once: the model is called
 * with the loop's tools, every tool it asks for is called and its result handed back, until the model answers
 * without tools (completed) or a cap, the tenant's budget, a provider failure or a cancellation stops it. Each model
 * and tool call is recorded as it ends. The tenant and plan are those of the request that started the run.
 */
@ApplicationScoped
public class AgentLoopRunner {

    private static final Logger LOG = Logger.getLogger(AgentLoopRunner.class);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    /** A run to make: the loop as it was when the run was asked for, and who asked. */
    public record Job(AgentLoop loop, AgentExecution execution, String tenantId, String plan) {
    }

    /** Why an execution stops before the model's final answer. */
    private static final class Stop extends RuntimeException {

        final String status;

        Stop(String status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    private final ChatService chat;
    private final ModelCatalogue catalogue;
    private final AgentToolbox toolbox;
    private final ExecutionStore store;
    private final ObjectMapper json;
    private final Semaphore permits;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("agent-loop-", 0).factory());
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public AgentLoopRunner(ChatService chat, ModelCatalogue catalogue, AgentToolbox toolbox, ExecutionStore store,
            ObjectMapper json, AgentLoopConfig config) {
        this.chat = chat;
        this.catalogue = catalogue;
        this.toolbox = toolbox;
        this.store = store;
        this.json = json;
        this.permits = new Semaphore(config.maxConcurrent());
    }

    /** Starts a queued execution; call it once the transaction that queued it has committed. */
    public void submit(Job job) {
        String id = job.execution().id;
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                permits.acquire();
                // The chat path reads integrations outside a transaction, as it does within a request.
                ManagedContext requestContext = Arc.container().requestContext();
                requestContext.activate();
                try {
                    execute(job);
                } finally {
                    requestContext.terminate();
                    permits.release();
                }
            } catch (InterruptedException e) {
                Stop stop = interrupted();
                store.finish(id, stop.status, null, stop.getMessage());
            } finally {
                running.remove(id);
            }
        }, null);
        running.put(id, task);
        threads.execute(task);
    }

    /** Interrupts the execution's current call if this gateway runs it (the cancel flag stops it in any case). */
    public void interrupt(String executionId) {
        Future<?> future = running.get(executionId);
        if (future != null) {
            future.cancel(true);
        }
    }

    /** Executions this gateway is working on (queued for a permit or running). */
    public Set<String> active() {
        return Set.copyOf(running.keySet());
    }

    @Scheduled(every = "${parley.agent-loops.heartbeat:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        Set<String> active = active();
        if (!active.isEmpty()) {
            store.heartbeat(active);
        }
    }

    /** A gateway that stops ends its executions as interrupted (recovery would, later, if it cannot). */
    @PreDestroy
    void stop() {
        stopping = true;
        threads.shutdownNow();
    }

    /** Why the running thread was interrupted: a cancellation, or the gateway stopping. */
    private Stop interrupted() {
        return stopping ? new Stop(AgentExecution.FAILED, ExecutionRecovery.REASON)
                : new Stop(AgentExecution.CANCELLED, "cancelled");
    }

    private void execute(Job job) {
        String id = job.execution().id;
        if (!store.start(id)) {
            return;
        }
        try {
            run(job);
        } catch (Stop stop) {
            store.finish(id, stop.status, null, stop.getMessage());
        } catch (RuntimeException e) {
            if (Thread.interrupted()) {
                Stop stop = interrupted();
                store.finish(id, stop.status, null, stop.getMessage());
                return;
            }
            LOG.errorf(e, "Execution %s of %s broke", id, job.loop().id);
            store.finish(id, AgentExecution.FAILED, null, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private void run(Job job) {
        AgentLoop loop = job.loop();
        AgentExecution execution = job.execution();
        Instant deadline = Instant.now().plusSeconds(loop.timeoutSeconds);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(fill(loop.instructions, execution.variables)));
        messages.add(UserMessage.from(execution.input));
        List<ToolSpecification> specifications = toolbox.specifications(loop.tools);
        ChatRequestParameters parameters = ChatRequestParameters.builder().toolSpecifications(specifications).build();
        int seq = 0;
        int iterations = 0;
        long tokens = 0;
        while (true) {
            checkTime(loop, deadline);
            if (iterations == loop.maxIterations) {
                throw new Stop(AgentExecution.FAILED, "iteration cap reached: " + loop.maxIterations
                        + " model calls without a final answer");
            }
            Instant started = Instant.now();
            long start = System.nanoTime();
            ChatResult result;
            try {
                result = withinTime(new ChatCall(loop.model, List.copyOf(messages), parameters, execution.botId,
                        execution.conversationId), job, deadline);
            } catch (ProblemException e) {
                ExecutionStep failed = step(execution.id, ++seq, ExecutionStep.MODEL, loop.model, started, start);
                failed.error = e.code() + ": " + e.getMessage();
                go(failed);
                throw new Stop(AgentExecution.FAILED, "model call failed: " + failed.error);
            } catch (TimeoutException e) {
                ExecutionStep late = step(execution.id, ++seq, ExecutionStep.MODEL, loop.model, started, start);
                late.error = "no answer before the time cap";
                go(late);
                throw timeCap(loop);
            }
            iterations++;
            tokens += result.promptTokens() + result.completionTokens();
            AiMessage answer = result.message();
            ExecutionStep modelStep = step(execution.id, ++seq, ExecutionStep.MODEL,
                    result.provider() + "/" + result.model(), started, start);
            modelStep.result = answer.text();
            modelStep.promptTokens = result.promptTokens();
            modelStep.completionTokens = result.completionTokens();
            modelStep.costUsd = catalogue.priced(result.provider(), result.model())
                    .cost(result.promptTokens(), result.completionTokens());
            if (answer.hasToolExecutionRequests()) {
                modelStep.toolCalls = answer.toolExecutionRequests().stream().map(r -> {
                    Map<String, String> call = new LinkedHashMap<>();
                    call.put("id", r.id());
                    call.put("name", r.name());
                    call.put("arguments", r.arguments());
                    return call;
                }).toList();
            }
            go(modelStep);
            if (tokens > loop.maxTokens) {
                throw new Stop(AgentExecution.FAILED, "token cap reached: " + tokens + " tokens used of "
                        + loop.maxTokens + " allowed");
            }
            if (!answer.hasToolExecutionRequests()) {
                store.finish(execution.id, AgentExecution.COMPLETED, answer.text() == null ? "" : answer.text(), null);
                return;
            }
            messages.add(answer);
            for (ToolExecutionRequest request : answer.toolExecutionRequests()) {
                checkTime(loop, deadline);
                Instant toolStarted = Instant.now();
                long toolStart = System.nanoTime();
                AgentToolbox.Outcome outcome = toolbox.call(loop.tools, request.name(), request.arguments(),
                        new AgentToolbox.Context(job.tenantId(), execution.conversationId, execution.botId,
                                Duration.between(Instant.now(), deadline)));
                ExecutionStep toolStep = step(execution.id, ++seq, ExecutionStep.TOOL, request.name(), toolStarted,
                        toolStart);
                toolStep.callId = request.id();
                toolStep.arguments = request.arguments();
                toolStep.result = outcome.result();
                toolStep.error = outcome.error();
                go(toolStep);
                messages.add(ToolExecutionResultMessage.from(request, outcome.forModel(json)));
            }
        }
    }

    /**
     * The model call, abandoned (and interrupted) when the execution's time runs out first. It runs on a thread of
     * its own, with its own request context, so that this one can stop waiting.
     */
    private ChatResult withinTime(ChatCall call, Job job, Instant deadline) throws TimeoutException {
        FutureTask<ChatResult> task = new FutureTask<>(() -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                return chat.complete(job.tenantId(), job.plan(), call);
            } finally {
                requestContext.terminate();
            }
        });
        threads.execute(task);
        try {
            return task.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            throw interrupted();
        } catch (TimeoutException e) {
            task.cancel(true);
            throw e;
        }
    }

    /** Records a step; stops when the execution was cancelled (or ended elsewhere) meanwhile. */
    private void go(ExecutionStep step) {
        boolean interrupted = Thread.interrupted(); // cleared, so that the database can be written
        if (!store.record(step)) {
            throw new Stop(AgentExecution.CANCELLED, "cancelled");
        }
        if (interrupted) {
            throw interrupted();
        }
    }

    private void checkTime(AgentLoop loop, Instant deadline) {
        if (Thread.interrupted()) {
            throw interrupted();
        }
        if (!Instant.now().isBefore(deadline)) {
            throw timeCap(loop);
        }
    }

    private static Stop timeCap(AgentLoop loop) {
        return new Stop(AgentExecution.FAILED, "time cap reached: not finished within " + loop.timeoutSeconds + " s");
    }

    private static ExecutionStep step(String executionId, int seq, String kind, String name, Instant started, long start) {
        ExecutionStep step = new ExecutionStep();
        step.executionId = executionId;
        step.seq = seq;
        step.kind = kind;
        step.name = name;
        step.startedAt = started;
        step.latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
        return step;
    }

    /** {@code {{name}}} in the instructions takes the run's variable of that name (unknown ones stay as written). */
    static String fill(String instructions, Map<String, String> variables) {
        if (variables == null || variables.isEmpty()) {
            return instructions;
        }
        Matcher matcher = VARIABLE.matcher(instructions);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }
}
