package dev.parley.llm.service.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * all-MiniLM-L6-v2 running in this process (ONNX): 384-dimension sentence embeddings with no network and
 * no provider account, the default for knowledge bases. Loading takes about two seconds, so it starts
 * in the background when the service starts.
 */
@ApplicationScoped
public class LocalEmbeddingModel {

    public static final String NAME = "all-minilm-l6-v2";
    /** How usage names this model's provider: Parley itself. */
    public static final String PROVIDER = "local";
    public static final int DIMENSIONS = 384;
    private static final Logger LOG = Logger.getLogger(LocalEmbeddingModel.class);

    private volatile EmbeddingModel model;

    void warmUp(@Observes StartupEvent event) {
        Thread.ofVirtual().name("embedding-model-load").start(() -> {
            long start = System.nanoTime();
            model();
            LOG.infof("%s loaded in %d ms", NAME, (System.nanoTime() - start) / 1_000_000);
        });
    }

    public Response<List<Embedding>> embed(List<String> texts) {
        return model().embedAll(texts.stream().map(TextSegment::from).toList());
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2EmbeddingModel();
                }
                loaded = model;
            }
        }
        return loaded;
    }
}
