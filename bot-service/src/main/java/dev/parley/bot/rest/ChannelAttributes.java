package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.bot.ChannelConnection;
import dev.parley.events.bot.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A channel as the API shows it: which credentials are set, never their values. {@code generatedCredentials} are the
 * secrets Parley generated for it, present only in the answer to the request that created them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelAttributes(
        Channel.Type type,
        String name,
        Channel.Status status,
        String statusReason,
        String botId,
        Map<String, String> settings,
        List<String> credentialKeys,
        Map<String, String> generatedCredentials,
        Instant createdAt,
        Instant updatedAt) {

    static final String TYPE = "channel";

    static ChannelAttributes of(ChannelConnection c, Map<String, String> credentials, Map<String, String> generated) {
        return new ChannelAttributes(c.type, c.name, c.status, c.statusReason, c.botId, c.settings,
                List.copyOf(credentials.keySet()), generated == null || generated.isEmpty() ? null : generated,
                c.createdAt, c.updatedAt);
    }
}
