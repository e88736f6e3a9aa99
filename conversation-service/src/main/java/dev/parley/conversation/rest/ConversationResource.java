package dev.parley.conversation.rest;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.service.ConversationService;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations")
public class ConversationResource {

    public record ConversationAttributes(String botId, String channelId, String contactId, ConversationStatus status,
            Instant createdAt, Instant updatedAt) {
    }

    private final ConversationService conversations;

    public ConversationResource(ConversationService conversations) {
        this.conversations = conversations;
    }

    @GET
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "List conversations", description = "Newest first; filter by bot and status.")
    public Envelope.Listing<Envelope.Resource<ConversationAttributes>> list(@RestQuery String botId,
            @RestQuery String status, @RestQuery String page, @RestQuery String perPage,
            @RestQuery("per_page") String perPageSnake) {
        return Envelope.list(conversations.list(RequestValues.blankToNull(botId),
                RequestValues.optionalEnum(ConversationStatus.class, "status", status),
                PageRequest.of(page, perPage, perPageSnake)).map(ConversationResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    @Operation(summary = "Get a conversation")
    public Envelope.Single<Envelope.Resource<ConversationAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(conversations.get(id)));
    }

    private static Envelope.Resource<ConversationAttributes> resource(Conversation c) {
        return new Envelope.Resource<>(c.id, "conversation",
                new ConversationAttributes(c.botId, c.channelId, c.contactId, c.status, c.createdAt, c.updatedAt));
    }
}
