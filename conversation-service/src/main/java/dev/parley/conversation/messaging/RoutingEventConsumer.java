package dev.parley.conversation.messaging;

import dev.parley.conversation.service.HandoffService;
import dev.parley.platform.kafka.IncomingEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** routing-service's transfer events ({@code parley.routing}): an agent took the conversation, or the bot resumes. */
@ApplicationScoped
public class RoutingEventConsumer {

    public static final String CHANNEL = "routing";

    private final HandoffService handoffs;

    public RoutingEventConsumer(HandoffService handoffs) {
        this.handoffs = handoffs;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        handoffs.onRoutingEvent(IncomingEvent.from(record));
    }
}
