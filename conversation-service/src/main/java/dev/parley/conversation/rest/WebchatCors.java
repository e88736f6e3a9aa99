package dev.parley.conversation.rest;

import dev.parley.conversation.service.ChannelDirectory;
import dev.parley.conversation.service.WebchatService;
import dev.parley.events.bot.Channel;
import dev.parley.platform.problem.ProblemException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-origin access to the webchat API, answered per channel: the widget runs on the tenant's website, another
 * origin than the platform. A preflight ({@code OPTIONS}) names the channel in its path ({@code channels/{id}}) or
 * through the session ({@code sessions/{id}/…}); an origin the channel does not allow gets 403 and no
 * {@code Access-Control-Allow-Origin}, so the browser keeps the page out. Actual requests are checked by
 * {@link WebchatService#checkOrigin} in the resource (a refused one answers 403), and every answer that is not a 403
 * names the requesting origin. No cookies are involved: the visitor's token travels in a header.
 */
@ApplicationScoped
public class WebchatCors {

    private static final Pattern CHANNEL = Pattern.compile("^/v1/webchat/channels/([^/]+)");
    private static final Pattern SESSION = Pattern.compile("^/v1/webchat/sessions/([^/]+)");

    private final ChannelDirectory channels;
    private final WebchatService webchat;

    public WebchatCors(ChannelDirectory channels, WebchatService webchat) {
        this.channels = channels;
        this.webchat = webchat;
    }

    void install(@Observes Router router) {
        router.route("/v1/webchat/*").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String origin = rc.request().getHeader("Origin");
        if (origin == null) {
            rc.next();
            return;
        }
        if (rc.request().method() == HttpMethod.OPTIONS) {
            String path = rc.normalizedPath();
            rc.vertx().<Boolean>executeBlocking(() -> allowed(path, origin, WebchatResource.ownOrigin(
                    rc.request().getHeader("X-Forwarded-Proto"), rc.request().scheme(),
                    rc.request().getHeader("X-Forwarded-Host"), rc.request().getHeader("Host"))), false)
                    .onComplete(result -> {
                        var response = rc.response().putHeader("Vary", "Origin");
                        if (result.succeeded() && result.result()) {
                            response.putHeader("Access-Control-Allow-Origin", origin)
                                    .putHeader("Access-Control-Allow-Methods", "GET, POST")
                                    .putHeader("Access-Control-Allow-Headers", "Content-Type, X-Webchat-Token, Last-Event-ID")
                                    .putHeader("Access-Control-Max-Age", "600")
                                    .setStatusCode(204).end();
                        } else {
                            response.setStatusCode(403).end();
                        }
                    });
            return;
        }
        rc.addHeadersEndHandler(v -> {
            rc.response().putHeader("Vary", "Origin");
            if (rc.response().getStatusCode() != 403) {
                rc.response().putHeader("Access-Control-Allow-Origin", origin);
            }
        });
        rc.next();
    }

    private boolean allowed(String path, String origin, String ownOrigin) {
        Matcher m = CHANNEL.matcher(path);
        Optional<String> channelId = m.find() ? Optional.of(m.group(1)) : Optional.empty();
        if (channelId.isEmpty()) {
            Matcher s = SESSION.matcher(path);
            if (!s.find()) {
                return true; // opening a session: the channel is in the body, checked when the request comes
            }
            channelId = webchat.channelOfSession(s.group(1));
            if (channelId.isEmpty()) {
                return true; // no such session: the request itself answers 404
            }
        }
        try {
            Optional<Channel> channel = channels.find(channelId.get()).map(r -> r.channel());
            if (channel.isEmpty()) {
                return true; // the request answers 404 (409 for a channel serving no bot)
            }
            WebchatService.checkOrigin(channel.get(), origin, ownOrigin);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }
}
