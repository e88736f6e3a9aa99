package dev.parley.platform.outbound;

import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.RequestValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one gate every call to a tenant-supplied URL passes (webhooks, {@code api_fetch} steps, {@code api} AI
 * contexts, external bots, tools, custom LLM base URLs): http(s) only, no credentials in the URL, no IP
 * literal in an unusual spelling, and every address the host resolves to must be public. The checked
 * address is returned so the caller connects to exactly it (no second lookup to rebind).
 */
@ApplicationScoped
public class OutboundGuard {

    /** A URL that passed, with the address to connect to. */
    public record Target(URI uri, InetAddress address, int port, boolean https) {

        public String host() {
            return uri.getHost();
        }

        /** Path and query as sent on the request line. */
        public String requestUri() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    private static final Pattern NUMERIC_LABEL = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private final OutboundConfig config;

    public OutboundGuard(OutboundConfig config) {
        this.config = config;
    }

    /**
     * Checks a URL as a client wrote it. Whitespace around it is ignored ({@link String#strip()}, never
     * {@link String#trim()}: a control character at either end would stay in the URL called, so it makes the URL
     * invalid here); a NUL anywhere is {@link ProblemException#invalidCharacter()}, as in every other value.
     */
    public Target check(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : RequestValues.withoutNul(url).strip());
        } catch (URISyntaxException e) {
            throw new OutboundRefusedException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundRefusedException("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundRefusedException("must not carry credentials; send them as headers");
        }
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI leaves the host empty for authorities it cannot read as a name or address, e.g. 127.1
            String authority = uri.getRawAuthority().replaceFirst(":\\d+$", "");
            if (isUnusualIpv4Spelling(authority)) {
                throw new OutboundRefusedException("writes an IP address in an unusual form; use dotted decimal");
            }
        }
        if (host == null || host.isBlank()) {
            throw new OutboundRefusedException("has no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (isUnusualIpv4Spelling(bare)) {
            throw new OutboundRefusedException("writes an IP address in an unusual form; use dotted decimal");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new OutboundRefusedException("has a host that does not resolve: " + bare);
        }
        for (InetAddress address : addresses) {
            AddressRules.refusal(address, config.allowLoopback(), config.allowPrivate()).ifPresent(reason -> {
                throw new OutboundRefusedException("points to a " + reason + " (" + address.getHostAddress() + ")");
            });
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return new Target(uri, addresses[0], port, https);
    }

    /** 127.1, 2130706433, 0x7f.0.0.1, 0177.0.0.1: forms some resolvers read as an IP and others as a name. */
    static boolean isUnusualIpv4Spelling(String host) {
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!NUMERIC_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        if (labels.length != 4) {
            return true;
        }
        for (String label : labels) {
            if (!CANONICAL_OCTET.matcher(label).matches() || Integer.parseInt(label) > 255) {
                return true;
            }
        }
        return false;
    }
}
