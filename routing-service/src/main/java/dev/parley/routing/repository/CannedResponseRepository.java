package dev.parley.routing.repository;

import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import dev.parley.routing.CannedResponse;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CannedResponseRepository implements TenantOwnedRepository<CannedResponse> {

    public boolean shortcutTaken(String tenantId, String shortcut, String exceptId) {
        return count("tenantId = ?1 and shortcut = ?2 and id <> ?3", tenantId, shortcut, exceptId == null ? "" : exceptId) > 0;
    }

    /** By shortcut; {@code prefix} (lower case, no slash) narrows to the shortcuts that start with it. */
    public Page<CannedResponse> search(String tenantId, String prefix, PageRequest page) {
        Sort order = Sort.ascending("shortcut").and("id");
        if (prefix == null) {
            return page(find("tenantId", order, tenantId), page);
        }
        String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return page(find("tenantId = ?1 and shortcut like ?2 escape '\\'", order, tenantId, like), page);
    }
}
