package dev.parley.bot.repository;

import dev.parley.bot.ChannelConnection;
import dev.parley.events.bot.Channel;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ChannelRepository implements TenantOwnedRepository<ChannelConnection> {

    public Page<ChannelConnection> search(String tenantId, Channel.Type type, String botId, PageRequest page) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (type != null) {
            where.append(" and type = :type");
            params.and("type", type);
        }
        if (botId != null) {
            where.append(" and botId = :bot");
            params.and("bot", botId);
        }
        return page(find(where.toString(), Sort.descending("createdAt").and("id"), params), page);
    }

    /** The channels bound to any of {@code botIds}, oldest binding first. */
    public List<ChannelConnection> boundToAny(Collection<String> botIds) {
        if (botIds.isEmpty()) {
            return List.of();
        }
        return list("botId in ?1", Sort.ascending("createdAt").and("id"), botIds);
    }

    public List<ChannelConnection> boundTo(String botId) {
        return list("botId", Sort.ascending("createdAt").and("id"), botId);
    }
}
