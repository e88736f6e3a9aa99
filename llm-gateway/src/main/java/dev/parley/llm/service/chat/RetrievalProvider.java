package dev.parley.llm.service.chat;

import dev.parley.llm.service.embedding.LocalEmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.parley.llm.config.ChatConfig;
import dev.parley.platform.id.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code retrieval} provider: no language model at all. It answers the last user message with the passage of
 * the request most similar to it (in-process embeddings, cosine similarity), if that passage reaches the
 * configured threshold; otherwise it says that nothing matched. A bot on it works with no network.
 */
@ApplicationScoped
public class RetrievalProvider {

    private final LocalEmbeddingModel embeddings;
    private final ChatConfig.Retrieval config;

    public RetrievalProvider(LocalEmbeddingModel embeddings, ChatConfig config) {
        this.embeddings = embeddings;
        this.config = config.retrieval();
    }

    public ChatResult answer(ChatCall call) {
        String question = lastUserText(call.messages());
        List<ChatCall.Passage> passages = call.passages();
        if (question == null || passages.isEmpty()) {
            return noMatch(question == null ? 0 : question.length() / 4 + 1);
        }
        List<String> texts = new ArrayList<>(passages.size() + 1);
        texts.add(question);
        passages.forEach(p -> texts.add(p.text()));
        Response<List<Embedding>> embedded = embeddings.embed(texts);
        List<Embedding> vectors = embedded.content();
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < passages.size(); i++) {
            double score = CosineSimilarity.between(vectors.get(0), vectors.get(i + 1));
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        int tokens = embedded.tokenUsage() != null && embedded.tokenUsage().inputTokenCount() != null
                ? embedded.tokenUsage().inputTokenCount() : texts.stream().mapToInt(t -> t.length() / 4 + 1).sum();
        if (bestScore < config.threshold()) {
            return noMatch(tokens);
        }
        ChatCall.Passage passage = passages.get(best);
        double score = Math.round(bestScore * 10_000) / 10_000.0;
        return new ChatResult(id(), ModelRouter.RETRIEVAL, ModelRouter.RETRIEVAL, AiMessage.from(passage.text()),
                FinishReason.STOP, tokens, 0, List.of(new ChatResult.Source(passage.id(), passage.title(), passage.text(), score)));
    }

    private ChatResult noMatch(int tokens) {
        return new ChatResult(id(), ModelRouter.RETRIEVAL, ModelRouter.RETRIEVAL, AiMessage.from(config.noMatchMessage()),
                FinishReason.STOP, tokens, 0, List.of());
    }

    private static String id() {
        return "chatcmpl-" + Ids.generate("ret").substring(4);
    }

    static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user && user.hasSingleText()) {
                return user.singleText();
            }
        }
        return null;
    }
}
