package dev.parley.conversation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.Weekday;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

    private static BusinessHours hours(String zone, BotBehaviors.OpeningHours... schedule) {
        return new BusinessHours(new BotBehaviors.BusinessHours(true, zone, List.of(schedule)));
    }

    @Test
    void openingHoursAreReadInTheBotsTimeZone() {
        // Monday 2026-11-23 08:30 UTC is 09:30 in Rome
        BusinessHours rome = hours("Europe/Rome", new BotBehaviors.OpeningHours(Weekday.MONDAY, "09:00", "18:00"));
        assertThat(rome.isOpen(Instant.parse("2026-11-23T08:30:00Z"))).isTrue();
        assertThat(rome.isOpen(Instant.parse("2026-11-23T07:30:00Z"))).isFalse();
        assertThat(rome.isOpen(Instant.parse("2026-11-23T17:00:00Z"))).isFalse(); // 18:00 in Rome: closed
        assertThat(rome.isOpen(Instant.parse("2026-11-24T08:30:00Z"))).isFalse(); // Tuesday
    }

    @Test
    void closingAtMidnightAndDisabledHours() {
        BusinessHours late = hours("UTC", new BotBehaviors.OpeningHours(Weekday.SATURDAY, "20:00", "24:00"));
        assertThat(late.isOpen(Instant.parse("2026-11-21T23:59:00Z"))).isTrue();
        assertThat(late.isOpen(Instant.parse("2026-11-22T00:00:00Z"))).isFalse();
        assertThat(new BusinessHours(new BotBehaviors.BusinessHours(false, "UTC", List.of()))
                .isOpen(Instant.parse("2026-11-22T03:00:00Z"))).isTrue();
        assertThat(new BusinessHours(null).isOpen(Instant.now())).isTrue();
    }
}
