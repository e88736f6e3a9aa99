package dev.parley.conversation.messaging;

import dev.parley.conversation.service.BotDeactivationService;
import dev.parley.platform.kafka.IncomingEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** bot-service's lifecycle events ({@code parley.bots}): a deactivated bot's open conversations go where it says. */
@ApplicationScoped
public class BotLifecycleConsumer {

    public static final String CHANNEL = "bots";

    private final BotDeactivationService deactivations;

    public BotLifecycleConsumer(BotDeactivationService deactivations) {
        this.deactivations = deactivations;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        deactivations.onBotEvent(IncomingEvent.from(record));
    }
}
