package dev.parley.routing.rest;

import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import dev.parley.routing.CannedResponse;
import dev.parley.routing.service.CannedResponseService;
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
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/canned-responses")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Canned responses")
public class CannedResponseResource {

    public record CreateCannedResponseRequest(String shortcut, String title, String text) implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.requiredText("shortcut", shortcut, 51);
            checks.maxLength("title", title, 100);
            checks.requiredText("text", text, 4096);
        }
    }

    /** Absent fields stay as they are; {@code title: null} clears the title. */
    public record UpdateCannedResponseRequest(String shortcut, Optional<String> title, String text)
            implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.length("shortcut", shortcut, 1, 51);
            if (title != null) {
                title.ifPresent(t -> checks.maxLength("title", t, 100));
            }
            checks.length("text", text, 1, 4096);
        }
    }

    public record CannedResponseAttributes(String shortcut, String title, String text, String createdBy,
            Instant createdAt, Instant updatedAt) {
    }

    private final CannedResponseService responses;
    private final IdempotentCreation idempotency;

    public CannedResponseResource(CannedResponseService responses, IdempotentCreation idempotency) {
        this.responses = responses;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Create a canned response", description = "`shortcut` such as `refund` or `/refund` (stored "
            + "lower case without the slash; letters, digits, - and _), `text` what the agent sends, optional `title`. "
            + "409 CANNED_RESPONSE_SHORTCUT_TAKEN.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "greeting",
            value = "{\"shortcut\": \"/hello\", \"title\": \"Greeting\", \"text\": \"Hello! How can I help you today?\"}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            CreateCannedResponseRequest body) {
        CreateCannedResponseRequest request = RequestValues.requiredBody(body);
        String shortcut = CannedResponseService.shortcut("shortcut", request.shortcut());
        return idempotency.create(idempotencyKey, request, () -> {
            CannedResponse created = responses.create(shortcut, RequestValues.blankToNull(request.title()),
                    request.text().strip());
            return new IdempotentCreation.Created(URI.create("/v1/canned-responses/" + created.id),
                    new Envelope.Single<>(resource(created)));
        });
    }

    @GET
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "List canned responses", description = "By shortcut; `q` (with or without the slash) keeps "
            + "those whose shortcut starts with it, as the desk's composer does while an agent types `/ref`.")
    public Envelope.Listing<Envelope.Resource<CannedResponseAttributes>> list(@RestQuery String q,
            @BeanParam PageQuery paging) {
        String prefix = RequestValues.blankToNull(q);
        if (prefix != null) {
            prefix = prefix.strip().toLowerCase(Locale.ROOT);
            prefix = prefix.startsWith("/") ? RequestValues.blankToNull(prefix.substring(1)) : prefix;
        }
        return Envelope.list(responses.list(prefix, paging.request())
                .map(CannedResponseResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "Get a canned response")
    public Envelope.Single<Envelope.Resource<CannedResponseAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(responses.get(id)));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Change a canned response's shortcut, title or text")
    public Envelope.Single<Envelope.Resource<CannedResponseAttributes>> update(@RestPath String id,
            UpdateCannedResponseRequest body) {
        UpdateCannedResponseRequest request = RequestValues.requiredBody(body);
        String shortcut = request.shortcut() == null ? null : CannedResponseService.shortcut("shortcut", request.shortcut());
        Optional<String> title = request.title() == null ? null : request.title().map(RequestValues::blankToNull);
        return new Envelope.Single<>(resource(responses.update(id, shortcut, title,
                request.text() == null ? null : request.text().strip())));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Delete a canned response")
    public Response delete(@RestPath String id) {
        responses.delete(id);
        return Response.noContent().build();
    }

    static Envelope.Resource<CannedResponseAttributes> resource(CannedResponse r) {
        return new Envelope.Resource<>(r.id, "canned_response", new CannedResponseAttributes(r.shortcut, r.title, r.text,
                r.createdBy, r.createdAt, r.updatedAt));
    }
}
