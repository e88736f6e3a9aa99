package dev.parley.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * For a consumer that starts a new group at the end of its topics ({@code auto.offset.reset=latest}: a new deployment
 * does not replay history to webhook endpoints), commits that starting position the moment a partition without a
 * committed offset is assigned. Without it the start is decided again by every restart: a replica killed before its
 * first commit comes back at the new end of the topic and skips what was published meanwhile. Set on a channel with
 * {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=pin-start-position}.
 */
@ApplicationScoped
@Identifier(StartPositionPinning.NAME)
public class StartPositionPinning implements KafkaConsumerRebalanceListener {

    public static final String NAME = "pin-start-position";
    private static final Logger LOG = Logger.getLogger(StartPositionPinning.class);

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (committed.get(partition) == null) {
                starts.put(partition, new OffsetAndMetadata(consumer.position(partition)));
            }
        }
        if (!starts.isEmpty()) {
            consumer.commitSync(starts);
            LOG.infof("Pinned the start of new partitions %s", starts);
        }
    }
}
