package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Weekday {
    @JsonProperty("monday") MONDAY,
    @JsonProperty("tuesday") TUESDAY,
    @JsonProperty("wednesday") WEDNESDAY,
    @JsonProperty("thursday") THURSDAY,
    @JsonProperty("friday") FRIDAY,
    @JsonProperty("saturday") SATURDAY,
    @JsonProperty("sunday") SUNDAY
}
