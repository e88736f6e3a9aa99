package dev.parley.routing.rest;

import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.rest.AcceptsSnakeCase;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.security.Scopes;
import dev.parley.routing.WebhookDelivery;
import dev.parley.routing.WebhookSubscription;
import dev.parley.routing.repository.WebhookDeliveryRepository;
import dev.parley.routing.service.WebhookService;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@AcceptsSnakeCase
@Tag(name = "Webhooks")
public class WebhookResource {

    public record CreateWebhookRequest(String url, String description, List<String> eventTypes, Boolean enabled)
            implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.requiredText("url", url, 2000);
            checks.maxLength("description", description, 500);
            if (checks.required("eventTypes", eventTypes)) {
                checkEventTypes(checks, eventTypes);
            }
        }
    }

    public record UpdateWebhookRequest(String url, String description, List<String> eventTypes, Boolean enabled)
            implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.length("url", url, 1, 2000);
            checks.maxLength("description", description, 500);
            checkEventTypes(checks, eventTypes);
        }
    }

    private static void checkEventTypes(FieldChecks checks, List<String> eventTypes) {
        for (int i = 0; eventTypes != null && i < eventTypes.size(); i++) {
            checks.required("eventTypes[" + i + "]", eventTypes.get(i));
        }
    }

    /** {@code secret} only in the answer to the creation. */
    public record WebhookAttributes(String url, String description, List<String> eventTypes, boolean enabled,
            String disabledReason, String secret, Instant createdAt, Instant updatedAt) {
    }

    public record DeliveryAttributes(String webhookId, String messageId, String eventType, WebhookDelivery.Status status,
            int attempts, Integer lastStatus, String lastError, Instant nextAttemptAt, Instant createdAt,
            Instant updatedAt, List<WebhookDeliveryRepository.Attempt> attemptLog, String payload) {
    }

    private final WebhookService webhooks;
    private final CurrentCaller caller;
    private final IdempotentCreation idempotency;

    public WebhookResource(WebhookService webhooks, CurrentCaller caller, IdempotentCreation idempotency) {
        this.webhooks = webhooks;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Subscribe an endpoint to event types", description = "`eventTypes`: bot.*, conversation.*, "
            + "message.*, transfer.* or single types of them, integration.failed, agent_loop.completed, "
            + "channel.disconnected. The answer carries the `whsec_…` signing secret, this once. Messages are signed "
            + "as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "transfers",
            value = "{\"url\": \"https://93.184.215.14/hooks\", \"eventTypes\": [\"transfer.*\"], \"description\": \"Our CRM\", \"enabled\": false}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, CreateWebhookRequest body) {
        CreateWebhookRequest request = RequestValues.requiredBody(body);
        String tenant = caller.tenantId();
        return idempotency.create(idempotencyKey, request, () -> {
            WebhookService.Created created = webhooks.create(tenant, request.url(), request.description(),
                    request.eventTypes(), request.enabled());
            return new IdempotentCreation.Created(URI.create("/v1/webhooks/" + created.subscription().id),
                    new Envelope.Single<>(resource(created.subscription(), created.secret())));
        });
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "List webhook subscriptions")
    public Envelope.Listing<Envelope.Resource<WebhookAttributes>> list(@BeanParam PageQuery paging) {
        return Envelope.list(webhooks.list(caller.tenantId(), paging.request())
                .map(subscription -> resource(subscription, null)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Get a webhook subscription")
    public Envelope.Single<Envelope.Resource<WebhookAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(webhooks.get(caller.tenantId(), id), null));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @Path("/{id}")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Change a subscription", description = "`enabled: true` turns on again one disabled by a 410.")
    public Envelope.Single<Envelope.Resource<WebhookAttributes>> update(@RestPath String id, UpdateWebhookRequest body) {
        UpdateWebhookRequest request = RequestValues.requiredBody(body);
        return new Envelope.Single<>(resource(webhooks.update(caller.tenantId(), id, request.url(), request.description(),
                request.eventTypes(), request.enabled()), null));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Delete a subscription and its delivery log")
    public Response delete(@RestPath String id) {
        webhooks.delete(caller.tenantId(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "The subscription's delivery log, newest first")
    public Envelope.Listing<Envelope.Resource<DeliveryAttributes>> deliveries(@RestPath String id, @BeanParam PageQuery paging) {
        return Envelope.list(webhooks.deliveries(caller.tenantId(), id, paging.request())
                .map(delivery -> delivery(delivery, null)));
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "One delivery with every attempt")
    public Envelope.Single<Envelope.Resource<DeliveryAttributes>> delivery(@RestPath String id, @RestPath String deliveryId) {
        WebhookService.DeliveryView view = webhooks.delivery(caller.tenantId(), id, deliveryId);
        return new Envelope.Single<>(delivery(view.delivery(), view.attempts()));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Send a message again now", description = "Same webhook-id and body; answered 202, sent by the "
            + "delivery machinery within a second or so.")
    public Response redeliver(@RestPath String id, @RestPath String deliveryId) {
        WebhookService.DeliveryView view = webhooks.redeliver(caller.tenantId(), id, deliveryId);
        return Response.accepted(new Envelope.Single<>(delivery(view.delivery(), view.attempts()))).build();
    }

    private static Envelope.Resource<WebhookAttributes> resource(WebhookSubscription subscription, String secret) {
        return new Envelope.Resource<>(subscription.id, "webhook", new WebhookAttributes(subscription.url,
                subscription.description, subscription.eventTypes, subscription.enabled, subscription.disabledReason, secret,
                subscription.createdAt, subscription.updatedAt));
    }

    private static Envelope.Resource<DeliveryAttributes> delivery(WebhookDelivery delivery,
            List<WebhookDeliveryRepository.Attempt> attempts) {
        return new Envelope.Resource<>(delivery.id, "webhook_delivery", new DeliveryAttributes(delivery.subscriptionId,
                delivery.messageId, delivery.eventType, delivery.status, delivery.attempts, delivery.lastStatus,
                delivery.lastError, delivery.nextAttemptAt, delivery.createdAt, delivery.updatedAt, attempts,
                attempts == null ? null : delivery.payload));
    }
}
