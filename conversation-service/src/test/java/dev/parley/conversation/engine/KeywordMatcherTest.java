package dev.parley.conversation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.bot.KeywordRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {

    private static KeywordRule rule(String name, int priority, KeywordRule.MatchType type, boolean enabled,
            String... keywords) {
        return new KeywordRule(name, name, List.of(keywords), type,
                new KeywordRule.Response(KeywordRule.ResponseType.TEXT, name, null, null, null), priority, enabled);
    }

    private static String matched(KeywordMatcher m, String text) {
        return m.match(text).map(KeywordRule::name).orElse(null);
    }

    @Test
    void highestPriorityWinsAcrossMatchTypesThenSnapshotOrder() {
        KeywordMatcher m = new KeywordMatcher(List.of(
                rule("contains-low", 1, KeywordRule.MatchType.CONTAINS, true, "price"),
                rule("starts-mid", 5, KeywordRule.MatchType.STARTS_WITH, true, "what"),
                rule("regex-high", 9, KeywordRule.MatchType.REGEX, true, "\\bprice\\s+list\\b"),
                rule("exact-top", 20, KeywordRule.MatchType.EXACT, true, "what is the price"),
                rule("tie-first", 3, KeywordRule.MatchType.CONTAINS, true, "shipping"),
                rule("tie-second", 3, KeywordRule.MatchType.CONTAINS, true, "shipping"),
                rule("disabled", 100, KeywordRule.MatchType.CONTAINS, false, "price")));
        assertThat(matched(m, "What is the PRICE")).isEqualTo("exact-top");
        assertThat(matched(m, "what about the price list?")).isEqualTo("regex-high");
        assertThat(matched(m, "what about the price?")).isEqualTo("starts-mid");
        assertThat(matched(m, "the price?")).isEqualTo("contains-low");
        assertThat(matched(m, "free shipping?")).isEqualTo("tie-first");
        assertThat(matched(m, "nothing here")).isNull();
        assertThat(m.size()).isEqualTo(6);
    }

    @Test
    void matchingIgnoresCaseAndAccents() {
        KeywordMatcher m = new KeywordMatcher(List.of(
                rule("cafe", 1, KeywordRule.MatchType.CONTAINS, true, "Café"),
                rule("uber", 1, KeywordRule.MatchType.EXACT, true, "ÜBER uns")));
        assertThat(matched(m, "un CAFE por favor")).isEqualTo("cafe");
        assertThat(matched(m, "café")).isEqualTo("cafe");
        assertThat(matched(m, "  uber   UNS ")).isEqualTo("uber");
    }

    @Test
    void overlappingContainsKeywordsAreAllFound() {
        // Aho-Corasick failure links: "she" inside "ushers" also reveals "he" and "hers"
        KeywordMatcher m = new KeywordMatcher(List.of(
                rule("he", 1, KeywordRule.MatchType.CONTAINS, true, "he"),
                rule("hers", 7, KeywordRule.MatchType.CONTAINS, true, "hers"),
                rule("she", 3, KeywordRule.MatchType.CONTAINS, true, "she")));
        assertThat(matched(m, "ushers")).isEqualTo("hers");
        assertThat(matched(m, "ushe")).isEqualTo("she");
        assertThat(matched(m, "the")).isEqualTo("he");
    }

    @Test
    void thousandsOfRulesFindTheRightOne() {
        List<KeywordRule> rules = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            KeywordRule.MatchType type = KeywordRule.MatchType.values()[i % 3];
            rules.add(rule("r" + i, i % 50, type, true, "keyword" + i + "x", "alias" + i + "y"));
        }
        rules.add(rule("regex", 10, KeywordRule.MatchType.REGEX, true, "order #\\d+"));
        KeywordMatcher m = new KeywordMatcher(rules);
        // rule i matches exact (i % 3 == 0), contains (1) or starts_with (2)
        assertThat(matched(m, "tell me about alias4321y please")).isEqualTo("r4321");
        assertThat(matched(m, "alias4322y, then more")).isEqualTo("r4322");
        assertThat(matched(m, "tell me about alias4322y")).isNull();
        assertThat(matched(m, "tell me about keyword4320x")).isNull();
        assertThat(matched(m, "KEYWORD4320X")).isEqualTo("r4320");
        assertThat(matched(m, "where is order #12")).isEqualTo("regex");
    }
}
