package dev.parley.conversation.messaging;

import dev.parley.conversation.service.BotConfigService;
import dev.parley.platform.kafka.IncomingEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Bot snapshots from bot-service ({@code parley.bot-config}): the bots this service runs. */
@ApplicationScoped
public class BotConfigConsumer {

    public static final String CHANNEL = "bot-config";

    private final BotConfigService configs;

    public BotConfigConsumer(BotConfigService configs) {
        this.configs = configs;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        configs.apply(IncomingEvent.from(record));
    }
}
