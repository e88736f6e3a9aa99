package dev.parley.conversation.engine;

import dev.parley.events.bot.KeywordRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.IntStream;

/**
 * A bot's keyword rules compiled once per snapshot, so that a message costs about its own length rather than the
 * number of rules: exact keywords in a hash map, {@code starts_with} in a trie, {@code contains} in an
 * Aho-Corasick automaton, regular expressions precompiled and tried only while they could still beat the best match.
 * Rules are ranked by priority (higher first), then by their order in the snapshot; the best-ranked match wins.
 */
public final class KeywordMatcher {

    private static final int NONE = Integer.MAX_VALUE;

    private final List<KeywordRule> ranked;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Trie prefixes = new Trie();
    private final AhoCorasick contains = new AhoCorasick();
    private final List<RankedPattern> patterns = new ArrayList<>();

    private record RankedPattern(int rank, Pattern pattern) {
    }

    public KeywordMatcher(List<KeywordRule> rules) {
        List<KeywordRule> enabled = rules == null ? List.of() : rules.stream().filter(KeywordRule::enabled).toList();
        // stable: equal priorities keep the snapshot's order
        this.ranked = IntStream.range(0, enabled.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -enabled.get(i).priority()).thenComparingInt(i -> i))
                .map(enabled::get).toList();
        for (int rank = 0; rank < ranked.size(); rank++) {
            KeywordRule rule = ranked.get(rank);
            if (rule.keywords() == null) {
                continue;
            }
            KeywordRule.MatchType type = rule.matchType() == null ? KeywordRule.MatchType.CONTAINS : rule.matchType();
            for (String keyword : rule.keywords()) {
                if (keyword == null || keyword.isBlank()) {
                    continue;
                }
                if (type == KeywordRule.MatchType.REGEX) {
                    try {
                        patterns.add(new RankedPattern(rank, Pattern.compile(keyword,
                                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
                    } catch (PatternSyntaxException e) {
                        // bot-service validates patterns; one that slips through never matches
                    }
                    continue;
                }
                String normalized = TextNormalizer.normalize(keyword);
                switch (type) {
                    case EXACT -> exact.merge(normalized, rank, Math::min);
                    case STARTS_WITH -> prefixes.add(normalized, rank);
                    default -> contains.add(normalized, rank);
                }
            }
        }
        contains.build();
    }

    /** The best-ranked rule matching {@code text}, if any. */
    public Optional<KeywordRule> match(String text) {
        String normalized = TextNormalizer.normalize(text);
        int best = exact.getOrDefault(normalized, NONE);
        best = Math.min(best, prefixes.bestPrefixOf(normalized));
        best = Math.min(best, contains.bestIn(normalized));
        for (RankedPattern candidate : patterns) {
            if (candidate.rank() >= best) {
                break;
            }
            // regexes see the original text: a pattern may care about accents or case classes itself
            if (candidate.pattern().matcher(text).find() || candidate.pattern().matcher(normalized).find()) {
                best = candidate.rank();
                break;
            }
        }
        return best == NONE ? Optional.empty() : Optional.of(ranked.get(best));
    }

    public int size() {
        return ranked.size();
    }

    private static final class Trie {
        private final Map<Character, Trie> children = new HashMap<>();
        private int rank = NONE;

        void add(String word, int r) {
            Trie node = this;
            for (int i = 0; i < word.length(); i++) {
                node = node.children.computeIfAbsent(word.charAt(i), c -> new Trie());
            }
            node.rank = Math.min(node.rank, r);
        }

        int bestPrefixOf(String text) {
            int best = NONE;
            Trie node = this;
            for (int i = 0; i < text.length() && node != null; i++) {
                node = node.children.get(text.charAt(i));
                if (node != null) {
                    best = Math.min(best, node.rank);
                }
            }
            return best;
        }
    }

    /** Multi-pattern substring search; each state knows the best rank of every keyword ending there. */
    private static final class AhoCorasick {
        private final List<Map<Character, Integer>> next = new ArrayList<>();
        private final List<Integer> fail = new ArrayList<>();
        private final List<Integer> best = new ArrayList<>();

        AhoCorasick() {
            newState();
        }

        private int newState() {
            next.add(new HashMap<>());
            fail.add(0);
            best.add(NONE);
            return next.size() - 1;
        }

        void add(String word, int rank) {
            if (word.isEmpty()) {
                return;
            }
            int state = 0;
            for (int i = 0; i < word.length(); i++) {
                Integer to = next.get(state).get(word.charAt(i));
                if (to == null) {
                    to = newState();
                    next.get(state).put(word.charAt(i), to);
                }
                state = to;
            }
            best.set(state, Math.min(best.get(state), rank));
        }

        void build() {
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int child : next.get(0).values()) {
                fail.set(child, 0);
                queue.add(child);
            }
            while (!queue.isEmpty()) {
                int state = queue.poll();
                for (Map.Entry<Character, Integer> edge : next.get(state).entrySet()) {
                    int child = edge.getValue();
                    int f = fail.get(state);
                    while (f != 0 && !next.get(f).containsKey(edge.getKey())) {
                        f = fail.get(f);
                    }
                    Integer target = next.get(f).get(edge.getKey());
                    int failTo = target != null && target != child ? target : 0;
                    fail.set(child, failTo);
                    best.set(child, Math.min(best.get(child), best.get(failTo)));
                    queue.add(child);
                }
            }
        }

        int bestIn(String text) {
            int result = NONE;
            int state = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                while (state != 0 && !next.get(state).containsKey(c)) {
                    state = fail.get(state);
                }
                Integer to = next.get(state).get(c);
                state = to == null ? 0 : to;
                result = Math.min(result, best.get(state));
            }
            return result;
        }
    }
}
