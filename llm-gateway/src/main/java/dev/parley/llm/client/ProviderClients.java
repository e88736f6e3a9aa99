package dev.parley.llm.client;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.parley.llm.config.ChatConfig;
import dev.parley.platform.outbound.OutboundHttp;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * LangChain4j chat models for one provider endpoint, all speaking HTTP through {@link GuardedHttpClient}. Models do
 * not retry on their own: {@code ChatService} decides about retries and fallbacks, so they are the same for every
 * provider and visible in usage.
 */
@ApplicationScoped
public class ProviderClients {

    /** Where and as whom to call: {@code provider} is {@code openai}, {@code anthropic}, {@code ollama} or {@code custom}. */
    public record Endpoint(String provider, String baseUrl, String apiKey, String model) {
    }

    private final OutboundHttp http;
    private final ChatConfig config;
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();

    public ProviderClients(OutboundHttp http, ChatConfig config) {
        this.http = http;
        this.config = config;
    }

    /** Models are cheap to keep and costly to build (each parses its settings and makes its clients). */
    private static final int KEPT = 1_000;

    private final Map<Endpoint, ChatModel> chatModels = new ConcurrentHashMap<>();
    private final Map<Endpoint, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();

    public ChatModel chatModel(Endpoint endpoint) {
        return kept(chatModels, endpoint, this::buildChatModel);
    }

    public StreamingChatModel streamingModel(Endpoint endpoint) {
        return kept(streamingModels, endpoint, this::buildStreamingModel);
    }

    private static <M> M kept(Map<Endpoint, M> models, Endpoint endpoint, Function<Endpoint, M> build) {
        M model = models.get(endpoint);
        if (model == null) {
            if (models.size() >= KEPT) {
                models.clear();
            }
            model = models.computeIfAbsent(endpoint, build);
        }
        return model;
    }

    private ChatModel buildChatModel(Endpoint endpoint) {
        Duration timeout = config.timeout();
        return switch (endpoint.provider()) {
            case "anthropic" -> AnthropicChatModel.builder().httpClientBuilder(httpClients()).baseUrl(endpoint.baseUrl())
                    .apiKey(endpoint.apiKey()).modelName(endpoint.model()).timeout(timeout).maxRetries(0).build();
            case "ollama" -> OllamaChatModel.builder().httpClientBuilder(httpClients()).baseUrl(endpoint.baseUrl())
                    .modelName(endpoint.model()).timeout(timeout).maxRetries(0).build();
            default -> OpenAiChatModel.builder().httpClientBuilder(httpClients()).baseUrl(endpoint.baseUrl())
                    .apiKey(apiKeyOrPlaceholder(endpoint)).modelName(endpoint.model()).timeout(timeout).maxRetries(0)
                    .build();
        };
    }

    private StreamingChatModel buildStreamingModel(Endpoint endpoint) {
        Duration timeout = config.timeout();
        return switch (endpoint.provider()) {
            case "anthropic" -> AnthropicStreamingChatModel.builder().httpClientBuilder(httpClients())
                    .baseUrl(endpoint.baseUrl()).apiKey(endpoint.apiKey()).modelName(endpoint.model()).timeout(timeout)
                    .build();
            case "ollama" -> OllamaStreamingChatModel.builder().httpClientBuilder(httpClients())
                    .baseUrl(endpoint.baseUrl()).modelName(endpoint.model()).timeout(timeout).build();
            default -> OpenAiStreamingChatModel.builder().httpClientBuilder(httpClients()).baseUrl(endpoint.baseUrl())
                    .apiKey(apiKeyOrPlaceholder(endpoint)).modelName(endpoint.model()).timeout(timeout).build();
        };
    }

    /** Embeddings from a provider; {@code dimensions} (may be null) asks for shortened vectors where supported. */
    public EmbeddingModel embeddingModel(Endpoint endpoint, Integer dimensions) {
        return switch (endpoint.provider()) {
            case "ollama" -> OllamaEmbeddingModel.builder().httpClientBuilder(httpClients()).baseUrl(endpoint.baseUrl())
                    .modelName(endpoint.model()).timeout(config.timeout()).maxRetries(0).build();
            case "openai", "custom" -> OpenAiEmbeddingModel.builder().httpClientBuilder(httpClients())
                    .baseUrl(endpoint.baseUrl()).apiKey(apiKeyOrPlaceholder(endpoint)).modelName(endpoint.model())
                    .dimensions(dimensions).timeout(config.timeout()).maxRetries(0).build();
            default -> throw new IllegalArgumentException(endpoint.provider() + " offers no embeddings");
        };
    }

    /** An OpenAI-compatible server of the tenant's own may need no key; LangChain4j's client requires one. */
    private static String apiKeyOrPlaceholder(Endpoint endpoint) {
        return endpoint.apiKey() == null ? "none" : endpoint.apiKey();
    }

    private HttpClientBuilder httpClients() {
        return new GuardedHttpClientBuilder();
    }

    @PreDestroy
    void close() {
        streams.shutdownNow();
    }

    /** LangChain4j asks for a builder; the time limits are Parley's, whatever the model builder suggests. */
    private final class GuardedHttpClientBuilder implements HttpClientBuilder {

        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new GuardedHttpClient(http, config.timeout(), config.maxResponseBytes(), streams);
        }
    }
}
