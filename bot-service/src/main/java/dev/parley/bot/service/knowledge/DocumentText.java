package dev.parley.bot.service.knowledge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain text from a document (HTML and Markdown reduced to their words) and the passages it is cut into. */
public final class DocumentText {

    /** Passages of about this many characters: a few sentences, what one retrieved answer needs. */
    static final int CHUNK_CHARS = 700;

    private static final Pattern DROPPED_ELEMENTS = Pattern.compile("(?is)<(script|style|head|noscript|template)\\b.*?</\\1\\s*>");
    private static final Pattern COMMENTS = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern BLOCK_ENDS = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|h[1-6]|tr|section|article|blockquote|pre|ul|ol|table)\\s*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]{1,6});");
    private static final Map<String, String> ENTITIES = Map.of("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"",
            "&#39;", "'", "&apos;", "'", "&nbsp;", " ");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    public static String plain(String contentType, String content) {
        return switch (contentType) {
            case "html" -> html(content);
            case "markdown" -> markdown(content);
            default -> content;
        };
    }

    static String html(String html) {
        String text = DROPPED_ELEMENTS.matcher(html).replaceAll(" ");
        text = COMMENTS.matcher(text).replaceAll(" ");
        text = BLOCK_ENDS.matcher(text).replaceAll("\n\n");
        text = TAGS.matcher(text).replaceAll(" ");
        for (Map.Entry<String, String> entity : ENTITIES.entrySet()) {
            text = text.replace(entity.getKey(), entity.getValue());
        }
        Matcher m = NUMERIC_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int code = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
            m.appendReplacement(out, Matcher.quoteReplacement(Character.isValidCodePoint(code) ? Character.toString(code) : " "));
        }
        m.appendTail(out);
        return out.toString().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n").trim();
    }

    /** Markdown's words without its markup: headings, emphasis, links (their text), code fences, list markers. */
    static String markdown(String md) {
        return md.replaceAll("(?m)^```.*$", "")
                .replaceAll("(?m)^\\s{0,3}#{1,6}\\s*", "")
                .replaceAll("!?\\[([^]]*)]\\([^)]*\\)", "$1")
                .replaceAll("(\\*\\*|__|\\*|_|`)(\\S(?:.*?\\S)?)\\1", "$2")
                .replaceAll("(?m)^\\s*([-*+]|\\d+\\.)\\s+", "")
                .replaceAll("(?m)^\\s*>\\s?", "")
                .trim();
    }

    /** Paragraphs packed into passages of about {@link #CHUNK_CHARS}; a longer paragraph is cut at sentence ends. */
    public static List<String> chunks(String text) {
        List<String> pieces = new ArrayList<>();
        for (String paragraph : text.split("\\n\\s*\\n")) {
            String p = paragraph.replaceAll("\\s+", " ").trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() <= CHUNK_CHARS) {
                pieces.add(p);
            } else {
                for (String sentence : SENTENCE_END.split(p)) {
                    for (int i = 0; i < sentence.length(); i += CHUNK_CHARS) {
                        pieces.add(sentence.substring(i, Math.min(sentence.length(), i + CHUNK_CHARS)));
                    }
                }
            }
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces) {
            if (!current.isEmpty() && current.length() + 1 + piece.length() > CHUNK_CHARS) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            if (!current.isEmpty()) {
                current.append(' ');
            }
            current.append(piece);
        }
        if (!current.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    static float[] toFloats(byte[] bytes) {
        FloatBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] vector = new float[buffer.remaining()];
        buffer.get(vector);
        return vector;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private DocumentText() {
    }
}
