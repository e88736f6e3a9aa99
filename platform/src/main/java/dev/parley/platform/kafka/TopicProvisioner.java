package dev.parley.platform.kafka;

import dev.parley.events.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates Parley's topics that do not exist yet, with compaction where the topic is a read model, and
 * turns compaction on where such a topic exists without it (created implicitly by a broker that allows it).
 * Off where topics are managed by the platform (Strimzi {@code KafkaTopic} resources).
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final Map<String, Object> broker;
    private final TopicNames names;
    private final boolean enabled;
    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(@Identifier("default-kafka-broker") Map<String, Object> broker, TopicNames names,
            @ConfigProperty(name = "parley.kafka.create-topics", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "parley.kafka.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "parley.kafka.replication-factor", defaultValue = "1") short replicationFactor) {
        this.broker = broker;
        this.names = names;
        this.enabled = enabled;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        Map<String, Object> config = new HashMap<>(KafkaClients.connection(broker));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(spec -> !existing.contains(names.of(spec.name())))
                    .map(this::newTopic)
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                LOG.infof("Created topics %s", missing.stream().map(NewTopic::name).toList());
            }
            Map<ConfigResource, Collection<AlterConfigOp>> compaction = Topics.ALL.stream()
                    .filter(spec -> spec.compacted() && existing.contains(names.of(spec.name())))
                    .collect(Collectors.toMap(spec -> new ConfigResource(ConfigResource.Type.TOPIC, names.of(spec.name())),
                            spec -> List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG,
                                    TopicConfig.CLEANUP_POLICY_COMPACT), AlterConfigOp.OpType.SET))));
            if (!compaction.isEmpty()) {
                admin.incrementalAlterConfigs(compaction).all().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warnf(e, "Could not verify Kafka topics; they will be created on first use");
        }
    }

    private NewTopic newTopic(Topics.Spec spec) {
        NewTopic topic = new NewTopic(names.of(spec.name()), partitions, replicationFactor);
        if (spec.compacted()) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }
}
