package dev.parley.platform.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The names enum constants have in JSON, for messages and events that must say them as clients write them. */
public final class JsonNames {

    /** The name an enum constant has in JSON: its {@code @JsonProperty} value, else its Java name. */
    public static String of(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return property != null ? property.value() : constant.name();
        } catch (NoSuchFieldException impossible) {
            return constant.name();
        }
    }

    /** The comma-separated JSON names of an enum's constants, e.g. {@code internal, external}. */
    public static String allOf(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> of((Enum<?>) c)).collect(Collectors.joining(", "));
    }

    private JsonNames() {
    }
}
