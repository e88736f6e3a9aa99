package dev.parley.conversation.engine;

import dev.parley.events.bot.BotBehaviors;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Whether a bot is open at an instant, in its own time zone ({@code close} 24:00 = end of day). */
public final class BusinessHours {

    private final BotBehaviors.BusinessHours hours;
    private final ZoneId zone;

    public BusinessHours(BotBehaviors.BusinessHours hours) {
        this.hours = hours;
        ZoneId z = ZoneOffset.UTC;
        if (hours != null && hours.timezone() != null) {
            try {
                z = ZoneId.of(hours.timezone());
            } catch (DateTimeException e) {
                // bot-service validates zones; an unknown one falls back to UTC
            }
        }
        this.zone = z;
    }

    public boolean isOpen(Instant at) {
        if (hours == null || !Boolean.TRUE.equals(hours.enabled()) || hours.schedule() == null) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        DayOfWeek day = local.getDayOfWeek();
        LocalTime time = local.toLocalTime();
        for (BotBehaviors.OpeningHours opening : hours.schedule()) {
            if (opening.day() == null || !opening.day().name().equals(day.name())) {
                continue;
            }
            LocalTime open = LocalTime.parse(opening.open());
            boolean beforeClose = "24:00".equals(opening.close()) || time.isBefore(LocalTime.parse(opening.close()));
            if (!time.isBefore(open) && beforeClose) {
                return true;
            }
        }
        return false;
    }
}
