package dev.parley.bot.rest;

import dev.parley.bot.Tenant;
import dev.parley.bot.service.tenant.TenantService;
import dev.parley.platform.paging.Envelope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/tenant")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Tenant")
public class TenantResource {

    public record TenantAttributes(String plan, int requestsPerMinute, Instant createdAt) {
    }

    private final TenantService tenants;

    public TenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @GET
    @Operation(summary = "The caller's tenant, its plan and rate limit")
    public Envelope.Single<Envelope.Resource<TenantAttributes>> current() {
        Tenant tenant = tenants.current();
        return Envelope.one(tenant.id, "tenant",
                new TenantAttributes(tenant.plan, tenants.requestsPerWindow(tenant), tenant.createdAt));
    }
}
