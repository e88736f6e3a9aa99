package dev.parley.bot.service.validation;

import dev.parley.platform.problem.FieldChecks;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether a tenant's regular expression may run on every customer message. Java's engine backtracks and
 * cannot be interrupted, so a pattern is refused when it is too long, does not compile, nests repetition
 * ({@code (a+)+}, {@code (\w*)*}), or, probed on adversarial inputs built from its own characters, needs more than
 * a fixed number of character reads (which catches exponential and cubic backtracking deterministically, whatever
 * the machine's load).
 */
public final class SafeRegex {

    public static final int MAX_LENGTH = 500;
    /** Character reads one probe may take: far above any linear or quadratic pattern on the probe inputs. */
    static final long PROBE_BUDGET = 5_000_000;
    private static final int SHORT_PROBE = 28;
    /** Ample, so only pathological recursion fails, and the same whatever thread saved the pattern. */
    private static final long PROBE_STACK_BYTES = 8L * 1024 * 1024;
    private static final int LONG_PROBE = 1_500;

    /** Case- and accent-insensitive matching is the engine's; patterns are compiled case-insensitively here too. */
    public static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** Adds to {@code checks} why {@code pattern} is refused, if it is (nothing for {@code null}). */
    public static void check(FieldChecks checks, String field, String pattern) {
        if (pattern != null) {
            refusal(pattern).ifPresent(reason -> checks.add(field, reason));
        }
    }

    /** Why {@code regex} is refused, or empty when it is safe to run. */
    public static Optional<String> refusal(String regex) {
        if (regex.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex, FLAGS);
        } catch (PatternSyntaxException e) {
            return Optional.of("is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
        if (nestsRepetition(regex)) {
            return Optional.of("nests repetition (like (a+)+), which can take exponential time; remove the inner or outer quantifier");
        }
        return probe(pattern, probes(regex));
    }

    /**
     * Runs the probes on a thread of fixed stack size, so that whether a pattern recurses too deeply does not depend
     * on which thread happened to save it.
     */
    private static Optional<String> probe(Pattern pattern, Set<String> inputs) {
        String[] outcome = new String[1];
        Thread prober = new Thread(null, () -> {
            for (String input : inputs) {
                try {
                    pattern.matcher(new CountingSequence(input)).find();
                } catch (BudgetExceeded e) {
                    outcome[0] = "backtracks catastrophically on some inputs (e.g. stacked or overlapping repetition); simplify it";
                    return;
                } catch (StackOverflowError e) {
                    outcome[0] = "recurses too deeply on long inputs; use a character class or a possessive quantifier";
                    return;
                }
            }
        }, "regex-probe", PROBE_STACK_BYTES);
        prober.start();
        try {
            prober.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("could not be checked; retry");
        }
        return Optional.ofNullable(outcome[0]);
    }

    /** A group that contains repetition and is itself repeated. */
    public static boolean nestsRepetition(String regex) {
        Deque<boolean[]> groups = new ArrayDeque<>();
        groups.push(new boolean[] {false});
        boolean lastWasRepeatingGroup = false;
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            boolean atomIsRepeatingGroup = false;
            if (c == '\\') {
                if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 2;
                } else {
                    i += 2;
                }
            } else if (c == '[') {
                i = endOfClass(regex, i);
            } else if (c == '(') {
                groups.push(new boolean[] {false});
                i++;
                lastWasRepeatingGroup = false;
                continue;
            } else if (c == ')') {
                boolean inner = groups.size() > 1 ? groups.pop()[0] : false;
                if (inner) {
                    groups.peek()[0] = true;
                }
                atomIsRepeatingGroup = inner;
                i++;
            } else if (c == '*' || c == '+' || c == '{' && isCountedRepetition(regex, i)) {
                boolean repeats = c != '{' || countAllowsMany(regex, i);
                int end = c == '{' ? regex.indexOf('}', i) + 1 : i + 1;
                if (repeats) {
                    if (lastWasRepeatingGroup) {
                        return true;
                    }
                    groups.peek()[0] = true;
                }
                i = end;
                if (i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
                    i++;
                }
                lastWasRepeatingGroup = false;
                continue;
            } else {
                i++;
            }
            lastWasRepeatingGroup = atomIsRepeatingGroup;
        }
        return false;
    }

    private static int endOfClass(String regex, int start) {
        int depth = 0;
        int i = start;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && i > start + 1) {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return regex.length();
    }

    private static final Pattern COUNT = Pattern.compile("\\{(\\d+)(,(\\d*))?}");

    private static boolean isCountedRepetition(String regex, int at) {
        int end = regex.indexOf('}', at);
        return end > 0 && COUNT.matcher(regex.substring(at, end + 1)).matches();
    }

    private static boolean countAllowsMany(String regex, int at) {
        var m = COUNT.matcher(regex.substring(at, regex.indexOf('}', at) + 1));
        m.matches();
        if (m.group(2) == null) {
            return Integer.parseInt(m.group(1)) > 1;
        }
        return m.group(3).isEmpty() || Integer.parseInt(m.group(3)) > 1;
    }

    /** Runs of each character the pattern mentions (and of a few common ones), ending in something unexpected. */
    private static Set<String> probes(String regex) {
        Set<Character> alphabet = new LinkedHashSet<>();
        for (char c : regex.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == ' ' || c == '.' || c == '-' || c == '_') {
                alphabet.add(c);
            }
        }
        alphabet.add('a');
        alphabet.add('1');
        alphabet.add(' ');
        StringBuilder mixed = new StringBuilder();
        alphabet.forEach(mixed::append);
        Set<String> probes = new LinkedHashSet<>();
        for (char c : alphabet) {
            probes.add(String.valueOf(c).repeat(SHORT_PROBE) + "\u0000!");
            probes.add(String.valueOf(c).repeat(LONG_PROBE) + "\u0000!");
        }
        probes.add(mixed.toString().repeat(Math.max(1, SHORT_PROBE / Math.max(1, mixed.length()))) + "\u0000!");
        probes.add(mixed.toString().repeat(Math.max(1, LONG_PROBE / Math.max(1, mixed.length()))) + "\u0000!");
        return probes;
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** A text that counts how often the regex engine reads it and stops it past the budget. */
    private static final class CountingSequence implements CharSequence {
        private final String text;
        private final long[] reads;

        CountingSequence(String text) {
            this(text, new long[1]);
        }

        private CountingSequence(String text, long[] reads) {
            this.text = text;
            this.reads = reads;
        }

        @Override
        public char charAt(int index) {
            if (++reads[0] > PROBE_BUDGET) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountingSequence(text.substring(start, end), reads);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private SafeRegex() {
    }
}
