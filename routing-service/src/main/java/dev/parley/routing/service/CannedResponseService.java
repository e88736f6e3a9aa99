package dev.parley.routing.service;

import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.routing.CannedResponse;
import dev.parley.routing.repository.CannedResponseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The tenant's canned responses: one per shortcut, shared by all its agents. */
@ApplicationScoped
public class CannedResponseService {

    private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");

    private final CannedResponseRepository responses;
    private final CurrentCaller caller;

    public CannedResponseService(CannedResponseRepository responses, CurrentCaller caller) {
        this.responses = responses;
        this.caller = caller;
    }

    /** {@code /Refund} and {@code refund} are the same shortcut; anything else than letters, digits, - and _ is refused. */
    public static String shortcut(String field, String raw) {
        String value = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("/")) {
            value = value.substring(1);
        }
        if (!SHORTCUT.matcher(value).matches()) {
            throw ProblemException.validation(field, "must be 1 to 50 letters, digits, '-' or '_', optionally after a '/'");
        }
        return value;
    }

    @Transactional
    public CannedResponse create(String shortcut, String title, String text) {
        String tenant = caller.tenantId();
        if (responses.shortcutTaken(tenant, shortcut, null)) {
            throw taken(shortcut);
        }
        CannedResponse r = new CannedResponse();
        r.id = Ids.generate("cr");
        r.tenantId = tenant;
        r.shortcut = shortcut;
        r.title = title;
        r.text = text;
        r.createdBy = caller.subject();
        responses.persist(r);
        return r;
    }

    @Transactional
    public Page<CannedResponse> list(String prefix, PageRequest page) {
        return responses.search(caller.tenantId(), prefix, page);
    }

    @Transactional
    public CannedResponse get(String id) {
        return responses.findOwned(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    /** {@code null} leaves a field as it is; an empty {@code title} clears it. */
    @Transactional
    public CannedResponse update(String id, String shortcut, Optional<String> title, String text) {
        String tenant = caller.tenantId();
        CannedResponse r = responses.findOwnedForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        if (shortcut != null && !shortcut.equals(r.shortcut)) {
            if (responses.shortcutTaken(tenant, shortcut, r.id)) {
                throw taken(shortcut);
            }
            r.shortcut = shortcut;
        }
        if (title != null) {
            r.title = title.orElse(null);
        }
        if (text != null) {
            r.text = text;
        }
        r.touch();
        return r;
    }

    @Transactional
    public void delete(String id) {
        responses.delete(responses.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id)));
    }

    private static ProblemException taken(String shortcut) {
        return ProblemException.conflict("CANNED_RESPONSE_SHORTCUT_TAKEN", "A canned response /" + shortcut + " already exists.");
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("CANNED_RESPONSE_NOT_FOUND", "Canned response " + id + " does not exist.");
    }
}
