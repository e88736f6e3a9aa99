package dev.parley.llm.rest;

import dev.parley.llm.AgentExecution;
import dev.parley.llm.AgentLoop;
import dev.parley.llm.AgentTool;
import dev.parley.llm.ExecutionStep;
import dev.parley.llm.service.agentloop.AgentExecutionService;
import dev.parley.llm.service.agentloop.AgentLoopChanges;
import dev.parley.llm.service.agentloop.AgentLoopService;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Agent loops and their executions. Secret header values of HTTP tools are write-only. */
@Path("/v1/agent-loops")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent loops")
public class AgentLoopResource {

    public record LoopAttributes(String name, String instructions, String model, List<ToolView> tools,
            int maxIterations, int maxTokens, int timeoutSeconds, Instant createdAt, Instant updatedAt) {
    }

    /** A tool as shown: a secret header's value is left out. */
    public record ToolView(String type, String name, String description, Object parameters, String method, String url,
            List<HeaderView> headers, String knowledgeBaseId, Integer topK, String teamId) {
    }

    public record HeaderView(String name, String value, boolean secret) {
    }

    public record ExecutionAttributes(String loopId, String status, String input, Map<String, String> variables,
            String conversationId, String botId, String output, String error, int iterations, UsageView usage,
            Instant createdAt, Instant startedAt, Instant finishedAt, List<StepView> steps) {
    }

    public record UsageView(int promptTokens, int completionTokens, int totalTokens, BigDecimal costUsd) {
    }

    public record StepView(int seq, String kind, String name, String callId, String arguments, String result,
            List<Map<String, String>> toolCalls, String error, Integer promptTokens, Integer completionTokens,
            BigDecimal costUsd, int latencyMs, Instant startedAt) {
    }

    static final String TYPE = "agent_loop";
    static final String EXECUTION_TYPE = "agent_execution";

    private final AgentLoopService loops;
    private final AgentExecutionService executions;
    private final IdempotentCreation idempotency;

    public AgentLoopResource(AgentLoopService loops, AgentExecutionService executions, IdempotentCreation idempotency) {
        this.loops = loops;
        this.executions = executions;
        this.idempotency = idempotency;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create an agent loop", description = "Tools: `http` (JSON Schema `parameters`, `url`, "
            + "`method`, `headers`; a header with `secret: true` is stored encrypted and never returned), "
            + "`knowledge_base` (`knowledgeBaseId`, `topK`) and `transfer` (`teamId`). Caps: `maxIterations` (model "
            + "calls), `maxTokens` (all calls), `timeoutSeconds`.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "order helper",
            value = "{\"name\": \"Order helper\", \"instructions\": \"You help customers with their orders.\", \"model\": \"retrieval\", \"maxIterations\": 4}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, AgentLoopChanges body) {
        AgentLoopChanges request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, fingerprintable(request), () -> {
            AgentLoop created = loops.create(request);
            return new IdempotentCreation.Created(URI.create("/v1/agent-loops/" + created.id),
                    new Envelope.Single<>(resource(created)));
        });
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List agent loops")
    public Envelope.Listing<Envelope.Resource<LoopAttributes>> list(@BeanParam PageQuery paging) {
        return Envelope.list(loops.list(paging.request()).map(AgentLoopResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get an agent loop")
    public Envelope.Single<Envelope.Resource<LoopAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(loops.get(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Change an agent loop", description = "Fields left out stay; `tools` replaces the list (a "
            + "secret header sent without `value` keeps its value).")
    public Envelope.Single<Envelope.Resource<LoopAttributes>> update(@RestPath String id, AgentLoopChanges body) {
        return new Envelope.Single<>(resource(loops.update(id, RequestValues.requiredBody(body))));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete an agent loop", description = "Its executions go with it; running ones stop.")
    public RestResponse<Void> delete(@RestPath String id) {
        loops.delete(id);
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.LLM_USE)
    @Operation(summary = "Run an agent loop", description = "Answers 202 with the queued execution; follow it at "
            + "its Location. `variables` fill `{{name}}` in the instructions; `conversationId` is what a transfer "
            + "hands to routing; `botId` is billed.")
    public Response run(@RestPath String id, AgentExecutionService.RunRequest body) {
        AgentExecution execution = executions.run(id, RequestValues.requiredBody(body));
        return Response.accepted(new Envelope.Single<>(execution(execution, null)))
                .location(URI.create("/v1/agent-loops/" + id + "/executions/" + execution.id)).build();
    }

    @GET
    @Path("/{id}/executions")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List a loop's executions", description = "Newest first; `status` narrows. The trace is "
            + "on each execution.")
    public Envelope.Listing<Envelope.Resource<ExecutionAttributes>> executions(@RestPath String id,
            @RestQuery String status, @BeanParam PageQuery paging) {
        return Envelope.list(executions.list(id, RequestValues.blankToNull(status),
                paging.request()).map(e -> execution(e, null)));
    }

    @GET
    @Path("/{id}/executions/{executionId}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get an execution with its trace")
    public Envelope.Single<Envelope.Resource<ExecutionAttributes>> execution(@RestPath String id,
            @RestPath String executionId) {
        AgentExecutionService.Traced traced = executions.get(id, executionId);
        return new Envelope.Single<>(execution(traced.execution(), traced.steps()));
    }

    @POST
    @Path("/{id}/executions/{executionId}/cancel")
    @RolesAllowed(Scopes.LLM_USE)
    @Operation(summary = "Cancel an execution", description = "A queued execution ends at once; a running one at "
            + "its current step. 409 EXECUTION_FINISHED when it has already ended.")
    public Response cancel(@RestPath String id, @RestPath String executionId) {
        return Response.accepted(new Envelope.Single<>(execution(executions.cancel(id, executionId), null))).build();
    }

    /** The idempotency fingerprint must not keep secret header values: only their length and last characters. */
    private static AgentLoopChanges fingerprintable(AgentLoopChanges request) {
        if (request.tools() == null) {
            return request;
        }
        List<AgentLoopChanges.Tool> tools = request.tools().stream().map(t -> t == null || t.headers() == null ? t
                : new AgentLoopChanges.Tool(t.type(), t.name(), t.description(), t.parameters(), t.method(), t.url(),
                        t.headers().stream().map(h -> h == null || !Boolean.TRUE.equals(h.secret()) || h.value() == null
                                ? h : new AgentLoopChanges.Header(h.name(), masked(h.value()), true)).toList(),
                        t.knowledgeBaseId(), t.topK(), t.teamId())).toList();
        return new AgentLoopChanges(request.name(), request.instructions(), request.model(), tools,
                request.maxIterations(), request.maxTokens(), request.timeoutSeconds());
    }

    private static String masked(String secret) {
        return "len" + secret.length() + ":" + (secret.length() > 4 ? secret.substring(secret.length() - 4) : "");
    }

    private static Envelope.Resource<LoopAttributes> resource(AgentLoop loop) {
        return new Envelope.Resource<>(loop.id, TYPE, new LoopAttributes(loop.name, loop.instructions, loop.model,
                loop.tools.stream().map(AgentLoopResource::tool).toList(), loop.maxIterations, loop.maxTokens,
                loop.timeoutSeconds, loop.createdAt, loop.updatedAt));
    }

    private static ToolView tool(AgentTool tool) {
        List<HeaderView> headers = tool.headers() == null ? null : tool.headers().stream()
                .map(h -> new HeaderView(h.name(), h.secret() ? null : h.value(), h.secret())).toList();
        return new ToolView(tool.type(), tool.name(), tool.description(), tool.parameters(), tool.method(), tool.url(),
                headers, tool.knowledgeBaseId(), tool.topK(), tool.teamId());
    }

    private static Envelope.Resource<ExecutionAttributes> execution(AgentExecution e, List<ExecutionStep> steps) {
        return new Envelope.Resource<>(e.id, EXECUTION_TYPE, new ExecutionAttributes(e.loopId, e.status, e.input,
                e.variables, e.conversationId, e.botId, e.output, e.error, e.iterations,
                new UsageView(e.promptTokens, e.completionTokens, e.totalTokens, e.costUsd), e.createdAt, e.startedAt,
                e.finishedAt, steps == null ? null : steps.stream().map(s -> new StepView(s.seq, s.kind, s.name,
                        s.callId, s.arguments, s.result, s.toolCalls, s.error, s.promptTokens, s.completionTokens,
                        s.costUsd, s.latencyMs, s.startedAt)).toList()));
    }
}
