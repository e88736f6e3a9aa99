package dev.parley.bot.service.validation;

import dev.parley.events.bot.Button;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.FieldChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reply buttons as the seeds define them: 1–10 (1–3 quick replies, 4–10 a list), titles of at most 20 characters. */
public final class ReplyButtons {

    static final int MAX = 10;
    static final int MAX_TITLE = 20;

    /** Keeps the ids a client chose (when unique) and generates the others. */
    public static List<Button> withIds(List<Button> buttons) {
        if (buttons == null) {
            return null;
        }
        Set<String> taken = new HashSet<>();
        List<Button> result = new ArrayList<>(buttons.size());
        for (Button button : buttons) {
            if (button == null) {
                result.add(null);
                continue;
            }
            String id = button.id();
            if (id == null || id.isBlank() || !taken.add(id)) {
                id = "btn_" + Ids.random(10);
                taken.add(id);
            }
            result.add(new Button(id, button.title()));
        }
        return result;
    }

    public static void check(String field, List<Button> buttons, boolean required, FieldChecks checks) {
        if (buttons == null || buttons.isEmpty()) {
            if (required) {
                checks.add(field, "needs 1 to " + MAX + " buttons");
            }
            return;
        }
        if (buttons.size() > MAX) {
            checks.add(field, "must have at most " + MAX + " buttons (1-3 show as quick replies, 4-10 as a list)");
        }
        for (int i = 0; i < buttons.size(); i++) {
            Button b = buttons.get(i);
            if (b == null || b.title() == null || b.title().isBlank()) {
                checks.add(field + "[" + i + "].title", "is required");
            } else if (b.title().length() > MAX_TITLE) {
                checks.add(field + "[" + i + "].title", "must be at most " + MAX_TITLE + " characters");
            }
            if (b != null && b.id() != null && b.id().length() > 64) {
                checks.add(field + "[" + i + "].id", "must be at most 64 characters");
            }
        }
    }

    private ReplyButtons() {
    }
}
