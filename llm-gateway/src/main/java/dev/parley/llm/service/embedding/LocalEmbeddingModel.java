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
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * all-MiniLM-L6-v2 running in this process (ONNX): 384-dimension sentence embeddings with no network and
 * no provider account, the default for knowledge bases. Two builds of it, each a model name of its own because their
 * vectors differ slightly: {@value #NAME} (int8-quantized, 23 MB; the default) and {@value #FULL} (float32, 90 MB; what
 * knowledge bases trained before 29 Nov 2026 hold, kept so their queries match until they are trained again).
 * Loading one takes about two seconds; the default starts loading in the background when the service starts, the
 * other on its first call, so a gateway nobody asks for {@value #FULL} never holds its 90 MB.
 * <p>
 * A model is handed to ONNX Runtime as a file rather than as bytes read onto the heap (which grew the heap by twice
 * its size at start), and runs without ONNX Runtime's CPU arena and memory patterns, which keep the largest batch's
 * buffers for good: the process stays within the memory the gateway is given under load (root README, "Benchmarks").
 */
@ApplicationScoped
public class LocalEmbeddingModel {

    /** The default: all-MiniLM-L6-v2 quantized to int8. */
    public static final String NAME = "all-minilm-l6-v2-q";
    /** all-MiniLM-L6-v2 in float32. */
    public static final String FULL = "all-minilm-l6-v2";
    /** How usage names this model's provider: Parley itself. */
    public static final String PROVIDER = "local";
    public static final int DIMENSIONS = 384;
    private static final Logger LOG = Logger.getLogger(LocalEmbeddingModel.class);

    /** The models by name, each loaded once, when first needed. */
    private final Map<String, Lazy> models = Map.of(NAME, new Lazy(NAME), FULL, new Lazy(FULL));

    void warmUp(@Observes StartupEvent event) {
        Thread.ofVirtual().name("embedding-model-load").start(() -> models.get(NAME).get());
    }

    /** Whether {@code name} is one of the models this process runs. */
    public boolean serves(String name) {
        return models.containsKey(name);
    }

    /** The default model's vectors. */
    public Response<List<Embedding>> embed(List<String> texts) {
        return embed(NAME, texts);
    }

    /** {@code name}'s vectors; the name is one this process {@linkplain #serves serves}. */
    public Response<List<Embedding>> embed(String name, List<String> texts) {
        Lazy model = models.get(name);
        if (model == null) {
            throw new IllegalArgumentException(name + " is not an in-process model");
        }
        return model.get().embedAll(texts.stream().map(TextSegment::from).toList());
    }

    /** A model loaded on first use. */
    private static final class Lazy {

        private final String name;
        private volatile EmbeddingModel loaded;

        Lazy(String name) {
            this.name = name;
        }

        EmbeddingModel get() {
            EmbeddingModel model = loaded;
            if (model == null) {
                synchronized (this) {
                    if (loaded == null) {
                        long start = System.nanoTime();
                        loaded = new MiniLm(load(name));
                        LOG.infof("%s loaded in %d ms", name, (System.nanoTime() - start) / 1_000_000);
                    }
                    model = loaded;
                }
            }
            return model;
        }
    }

    /**
     * The model and tokenizer its langchain4j-embeddings artifact carries ({@code <name>.onnx},
     * {@code <name>-tokenizer.json}).
     */
    private static OnnxBertBiEncoder load(String name) {
        ClassLoader resources = LocalEmbeddingModel.class.getClassLoader();
        Path file = null;
        try (InputStream onnx = resources.getResourceAsStream(name + ".onnx");
                InputStream tokenizer = resources.getResourceAsStream(name + "-tokenizer.json");
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (onnx == null || tokenizer == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            file = Files.createTempFile("parley-" + name, ".onnx");
            Files.copy(onnx, file, StandardCopyOption.REPLACE_EXISTING);
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(file.toString(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException(name + " could not be loaded", e);
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
