package dev.parley.conversation.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.BotSession;
import dev.parley.conversation.engine.ChatTurn;
import dev.parley.conversation.engine.Outcome;
import dev.parley.conversation.engine.Reply;
import dev.parley.conversation.service.DryRunService;
import dev.parley.conversation.service.SessionService;
import dev.parley.events.conversation.ContactPanel;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class SessionResource {

    public record SessionAttributes(String conversationId, String contactId, String botId, String currentFlowId,
            String currentStep, Map<String, String> variables, int stepRetries, int fallbackCount, Instant startedAt,
            Instant lastActivity, List<ContactPanel> panels) {
    }

    /** {@code minVersion}: run at least this version of the bot (bot-service sends the one it has). */
    public record DryRunRequest(String botId, Long minVersion, String message, Context context) {
    }

    public record Context(List<ChatTurn> history, Map<String, Object> metadata, Map<String, String> variables) {
    }

    public record DryRunResponse(ResponsePart response, Outcome.Usage usage, double latency, List<Reply> messages,
            Outcome.Handoff handoff, boolean queued) {
    }

    public record ResponsePart(String content, Double confidence, String intent, List<Reply.Source> sources) {
    }

    private final SessionService sessions;
    private final DryRunService dryRun;
    private final ObjectMapper json;

    public SessionResource(SessionService sessions, DryRunService dryRun, ObjectMapper json) {
        this.sessions = sessions;
        this.dryRun = dryRun;
        this.json = json;
    }

    @GET
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "List bot sessions", description = "Most recently active first; filter by botId, contactId, flowId, conversationId.")
    public Envelope.Listing<Envelope.Resource<SessionAttributes>> list(@RestQuery String botId,
            @RestQuery String contactId, @RestQuery String flowId, @RestQuery String conversationId,
            @BeanParam PageQuery paging) {
        return Envelope.list(sessions.list(RequestValues.blankToNull(botId), RequestValues.blankToNull(contactId),
                RequestValues.blankToNull(flowId), RequestValues.blankToNull(conversationId), paging.request())
                .map(this::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "Get a bot session")
    public Envelope.Single<Envelope.Resource<SessionAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(sessions.get(id)));
    }

    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Run the engine on a message, storing nothing",
            description = "What bot-service's POST /v1/bots/{id}/test answers with: content, confidence, intent, sources, usage, latency (seconds).")
    public Envelope.Single<DryRunResponse> dryRun(DryRunRequest body) {
        DryRunRequest request = RequestValues.requiredBody(body);
        if (request.botId() == null || request.botId().isBlank()) {
            throw ProblemException.validation("botId", "is required");
        }
        if (request.message() == null || request.message().isBlank()) {
            throw ProblemException.validation("message", "is required");
        }
        Context context = request.context() == null ? new Context(null, null, null) : request.context();
        DryRunService.Result result = dryRun.run(request.botId(),
                request.minVersion() == null ? 0 : request.minVersion(), request.message(), context.history(),
                context.metadata(), context.variables());
        Outcome o = result.outcome();
        String content = String.join("\n\n", o.replies.stream().map(Reply::text).filter(t -> t != null).toList());
        return new Envelope.Single<>(new DryRunResponse(new ResponsePart(content, o.confidence, o.intent, o.sources()),
                o.usage == null ? new Outcome.Usage(0, 0, 0) : o.usage, result.latencyMs() / 1000.0, o.replies,
                o.handoff, o.queued));
    }

    private Envelope.Resource<SessionAttributes> resource(BotSession s) {
        Map<String, String> variables;
        try {
            variables = json.readValue(s.variables, new TypeReference<Map<String, String>>() { });
        } catch (Exception e) {
            variables = Map.of();
        }
        return new Envelope.Resource<>(s.id, "session", new SessionAttributes(s.conversationId, s.contactId, s.botId,
                s.currentFlowId, s.currentStep, variables, s.stepRetries, s.fallbackCount, s.startedAt, s.lastActivity,
                sessions.panels(s, variables)));
    }
}
