package dev.parley.bot.repository;

import dev.parley.bot.BotPart;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import java.util.List;
import java.util.Optional;

/** The parts of one bot (keyword rules, AI contexts), highest priority first, as the engine tries them. */
public interface BotPartRepository<P extends BotPart<?>> extends TenantOwnedRepository<P> {

    Sort ORDER = Sort.descending("priority").and("createdAt").and("id");

    default Page<P> pageForBot(String botId, PageRequest page) {
        return page(find("botId", ORDER, botId), page);
    }

    default List<P> allForBot(String botId) {
        return list("botId", ORDER, botId);
    }

    default Optional<P> findForBot(String tenantId, String botId, String id) {
        return find("id = ?1 and tenantId = ?2 and botId = ?3", id, tenantId, botId).firstResultOptional();
    }

    default long countForBot(String botId) {
        return count("botId", botId);
    }

    default long deleteForBot(String botId) {
        return delete("botId", botId);
    }
}
