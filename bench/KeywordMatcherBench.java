import dev.parley.conversation.engine.KeywordMatcher;
import dev.parley.events.bot.KeywordRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Cost of keyword matching per message as the rule count grows (conversation-service's KeywordMatcher):
 * rules spread over exact, contains and starts_with, with and without a few regexes; messages of 60-120 characters,
 * half of them matching a rule. Run through bench/keyword-matching.sh.
 */
public class KeywordMatcherBench {

    public static void main(String[] args) {
        Random random = new Random(42);
        for (int regexEvery : new int[] {0, 1000}) {
        System.out.println(regexEvery == 0 ? "literal rules only:" : "with one regex rule per 1,000 rules:");
        for (int count : new int[] {10, 1_000, 10_000, 50_000}) {
            List<KeywordRule> rules = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                KeywordRule.MatchType type = regexEvery > 0 && i % regexEvery == 0 ? KeywordRule.MatchType.REGEX
                        : KeywordRule.MatchType.values()[i % 3];
                String keyword = type == KeywordRule.MatchType.REGEX ? "order\\s+#" + i + "\\b" : "produto" + i + " preço";
                rules.add(new KeywordRule("kw" + i, "r" + i, List.of(keyword), type,
                        new KeywordRule.Response(KeywordRule.ResponseType.TEXT, "x", null, null, null), i % 10, true));
            }
            long compileStart = System.nanoTime();
            KeywordMatcher matcher = new KeywordMatcher(rules);
            long compileMs = (System.nanoTime() - compileStart) / 1_000_000;
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String filler = "Olá, gostaria de saber mais sobre o envio e as condições de pagamento ";
                messages.add(i % 2 == 0 ? filler + "produto" + random.nextInt(count) + " PRECO"
                        : filler + "sem palavra-chave " + i);
            }
            int hits = 0;
            for (int warm = 0; warm < 5; warm++) {
                for (String m : messages) {
                    hits += matcher.match(m).isPresent() ? 1 : 0;
                }
            }
            long start = System.nanoTime();
            int rounds = 20;
            for (int r = 0; r < rounds; r++) {
                for (String m : messages) {
                    hits += matcher.match(m).isPresent() ? 1 : 0;
                }
            }
            double perMessageUs = (System.nanoTime() - start) / 1_000.0 / (rounds * messages.size());
            System.out.printf("%,7d rules: compile %5d ms, %6.2f µs per message (%d matches)%n", count, compileMs,
                    perMessageUs, hits);
        }
        }
    }
}
