package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.bot.TrainingJob;
import dev.parley.bot.service.knowledge.TrainingService;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/bots/{botId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Knowledge bases")
public class TrainingResource {

    public record TrainRequest(Boolean fullRetrain) {
    }

    /** The seed's training answer, in Parley's envelope. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrainingAttributes(String trainingId, String botId, String knowledgeBaseId, String status, String type,
            int documentsToProcess, int documentsEmbedded, int chunks, String error, Instant startedAt, Instant estimatedCompletion,
            Instant finishedAt) {
    }

    private final TrainingService training;

    public TrainingResource(TrainingService training) {
        this.training = training;
    }

    @POST
    @Path("/train")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Train the bot's knowledge base", description = "Starts a job (202): the bot is `training` until it "
            + "ends; incremental by default (only documents whose content changed), `fullRetrain` re-embeds everything. "
            + "The answer estimates the job's end (`estimatedCompletion`) from the tenant's recent jobs. Emits "
            + "bot.training.started, then bot.training.completed or bot.training.failed; a failed job leaves the bot in "
            + "status `error` until it is trained, activated or deactivated again.")
    public RestResponse<Envelope.Single<Envelope.Resource<TrainingAttributes>>> train(@RestPath String botId,
            @RestHeader("Authorization") String authorization, TrainRequest body) {
        TrainingJob job = training.start(botId, body != null && Boolean.TRUE.equals(body.fullRetrain()));
        training.runInBackground(job.id, authorization);
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, new Envelope.Single<>(resource(job)))
                .location(URI.create("/v1/bots/" + botId + "/training-jobs/" + job.id)).build();
    }

    @GET
    @Path("/training-jobs/{jobId}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get a training job")
    public Envelope.Single<Envelope.Resource<TrainingAttributes>> get(@RestPath String botId, @RestPath String jobId) {
        return new Envelope.Single<>(resource(training.get(botId, jobId)));
    }

    private Envelope.Resource<TrainingAttributes> resource(TrainingJob job) {
        return new Envelope.Resource<>(job.id, "training_job", new TrainingAttributes(job.id, job.botId, job.knowledgeBaseId,
                job.status, job.fullRetrain ? "full" : "incremental", job.documentsToProcess, job.documentsEmbedded, job.chunks,
                job.error, job.startedAt, training.estimatedCompletion(job), job.finishedAt));
    }
}
