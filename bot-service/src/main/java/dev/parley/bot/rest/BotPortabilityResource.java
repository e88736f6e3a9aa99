package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bot.Bot;
import dev.parley.bot.service.bots.BotPortability.BotExport;
import dev.parley.bot.service.bots.BotOverviews;
import dev.parley.bot.service.bots.BotPortability;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Tiledesk's export, import and fork of whole bots. */
@Path("/v1/bots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bots")
public class BotPortabilityResource {

    private final BotPortability portability;
    private final BotOverviews overviews;
    private final IdempotentCreation idempotency;

    public BotPortabilityResource(BotPortability portability, BotOverviews overviews, IdempotentCreation idempotency) {
        this.portability = portability;
        this.overviews = overviews;
        this.idempotency = idempotency;
    }

    @GET
    @Path("/{id}/export")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Export a bot as JSON", description = "The bot's definition, keyword rules, AI contexts and the "
            + "flows it uses; `intentsOnly=true` leaves out the definition. Knowledge bases and channels are not exported.")
    public BotExport export(@RestPath String id, @RestQuery String intentsOnly) {
        return portability.export(id, flag("intentsOnly", intentsOnly));
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create a bot from an exported document", description = "`create=true` (as in the seed). The "
            + "body is a bot exported from Parley, or from Tiledesk (its `intents`: `start` becomes the greeting, "
            + "`defaultFallback` the fallback, an intent with a `form` a flow, any other a keyword rule; `* Title` answer "
            + "lines are buttons, `\\agent` a transfer). What cannot be mapped is refused as a whole: 422 "
            + "`TILEDESK_NOT_MAPPABLE` naming every part.")
    public Response importNew(@RestQuery String create, @RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            JsonNode body) {
        requireCreate(create);
        JsonNode document = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, Map.of("importNew", document),
                () -> created(201, portability.importFile(null, document, NEW)));
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create a bot from an uploaded file", description = "The seed's multipart form: the exported "
            + "JSON file as `uploadFile`; otherwise as the JSON import.")
    public Response importNewFile(@RestQuery String create, @RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            @RestForm("uploadFile") FileUpload uploadFile) {
        requireCreate(create);
        byte[] file = read(uploadFile);
        return idempotency.create(idempotencyKey, Map.of("importNewFile", Base64.getEncoder().encodeToString(file)),
                () -> created(201, portability.importFile(null, file, NEW)));
    }

    @POST
    @Path("/{id}/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Import rules, contexts and flows into a bot", description = "`replace=true` removes the bot's rules "
            + "and contexts first; `overwrite=true` replaces those with the same name (otherwise they are kept and the "
            + "imported ones skipped). A Tiledesk export also updates the bot's name, description, language, greeting, "
            + "fallback and webhook, and adds the flows of its forms to the bot's flows.")
    public Response importInto(@RestPath String id, @RestQuery String replace, @RestQuery String overwrite,
            @RestHeader(IdempotentCreation.HEADER) String idempotencyKey, JsonNode body) {
        BotPortability.ImportMode mode = new BotPortability.ImportMode(flag("replace", replace), flag("overwrite", overwrite));
        return idempotency.create(idempotencyKey, Map.of("importInto", id, "mode", mode.toString(),
                "document", body == null ? Map.of() : body), () -> created(200, portability.importFile(id, body, mode)));
    }

    @POST
    @Path("/{id}/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Import an uploaded file into a bot", description = "The seed's multipart form (`uploadFile`); "
            + "otherwise as the JSON import.")
    public Response importIntoFile(@RestPath String id, @RestQuery String replace, @RestQuery String overwrite,
            @RestHeader(IdempotentCreation.HEADER) String idempotencyKey, @RestForm("uploadFile") FileUpload uploadFile) {
        BotPortability.ImportMode mode = new BotPortability.ImportMode(flag("replace", replace), flag("overwrite", overwrite));
        byte[] file = read(uploadFile);
        return idempotency.create(idempotencyKey, Map.of("importIntoFile", id, "mode", mode.toString(),
                "document", Base64.getEncoder().encodeToString(file)), () -> created(200, portability.importFile(id, file, mode)));
    }

    private static final BotPortability.ImportMode NEW = new BotPortability.ImportMode(false, false);

    private static void requireCreate(String create) {
        if (!flag("create", create)) {
            throw ProblemException.validation("create", "must be true to create a bot; to import into a bot use /v1/bots/{id}/import");
        }
    }

    private static byte[] read(FileUpload upload) {
        if (upload == null || upload.uploadedFile() == null) {
            throw ProblemException.validation("uploadFile", "is required: the exported JSON file");
        }
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw ProblemException.validation("uploadFile", "could not be read");
        }
    }

    @POST
    @Path("/{id}/fork")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Fork a bot", description = "Copies one of your bots, or another tenant's public bot, into your "
            + "tenant (never a private bot of another tenant). `public` sets the copy's sharing status.")
    public Response fork(@RestPath String id, @RestQuery("public") String isPublic,
            @RestHeader(IdempotentCreation.HEADER) String idempotencyKey) {
        boolean shared = flag("public", isPublic);
        return idempotency.create(idempotencyKey, Map.of("fork", id, "public", shared),
                () -> created(201, portability.fork(id, shared)));
    }

    private IdempotentCreation.Created created(int status, Bot bot) {
        return new IdempotentCreation.Created(status, URI.create("/v1/bots/" + bot.id),
                new Envelope.Single<>(new Envelope.Resource<>(bot.id, BotAttributes.TYPE,
                        BotAttributes.of(bot, overviews.of(bot)))));
    }

    private static boolean flag(String name, String raw) {
        String value = RequestValues.blankToNull(raw);
        if (value == null || value.equals("false") || value.equals("null")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ProblemException.validation(name, "must be true or false");
    }
}
