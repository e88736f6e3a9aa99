package dev.parley.conversation.engine;

import dev.parley.events.bot.Button;
import dev.parley.events.bot.Flow;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a customer's answer against a flow step; returns the value to store, or empty when invalid. */
final class AnswerValidator {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{6,24}");
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d/M/uuuu"), DateTimeFormatter.ofPattern("d.M.uuuu"));

    static Optional<String> validate(Flow.Step step, Pattern compiledPattern, String text, String buttonId) {
        String answer = text == null ? "" : text.trim();
        Flow.InputType type = step.inputType() == null ? Flow.InputType.TEXT : step.inputType();
        if (type == Flow.InputType.SELECT || (step.inputType() == null && step.buttons() != null && !step.buttons().isEmpty())) {
            return select(step.buttons(), answer, buttonId);
        }
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Flow.Validation rules = step.validation();
        boolean ok = switch (type) {
            case NUMBER -> number(answer, rules);
            case EMAIL -> EMAIL.matcher(answer).matches();
            case PHONE -> PHONE.matcher(answer).matches() && answer.chars().filter(Character::isDigit).count() >= 6;
            case DATE -> date(answer);
            default -> rules == null
                    || ((rules.minLength() == null || answer.length() >= rules.minLength())
                        && (rules.maxLength() == null || answer.length() <= rules.maxLength()));
        };
        if (ok && compiledPattern != null) {
            ok = compiledPattern.matcher(answer).matches();
        }
        return ok ? Optional.of(answer) : Optional.empty();
    }

    private static Optional<String> select(List<Button> buttons, String answer, String buttonId) {
        if (buttons == null) {
            return Optional.empty();
        }
        String normalized = TextNormalizer.normalize(answer);
        for (Button b : buttons) {
            if ((buttonId != null && buttonId.equals(b.id())) || (b.id() != null && b.id().equals(answer))
                    || TextNormalizer.normalize(b.title()).equals(normalized)) {
                return Optional.of(b.title());
            }
        }
        return Optional.empty();
    }

    private static boolean number(String answer, Flow.Validation rules) {
        try {
            double value = Double.parseDouble(answer.replace(',', '.'));
            return rules == null || ((rules.min() == null || value >= rules.min()) && (rules.max() == null || value <= rules.max()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean date(String answer) {
        for (DateTimeFormatter f : DATES) {
            try {
                LocalDate.parse(answer, f);
                return true;
            } catch (DateTimeParseException e) {
                // try the next spelling
            }
        }
        return false;
    }

    private AnswerValidator() {
    }
}
