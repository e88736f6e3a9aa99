package dev.parley.conversation.channel;

import dev.parley.platform.id.Ids;
import dev.parley.platform.transaction.GroupCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells every conversation-service replica that a webchat visitor has something new, through PostgreSQL
 * {@code LISTEN/NOTIFY} on the database the replicas already share: {@link #announce} sends the visitor's contact id
 * on channel {@code parley_webchat}; each replica listens on a connection of its own and wakes its
 * {@link WebchatHub}, which reads what is new from the message table. A notification carries no message, only "look
 * again", so one missed while the listener reconnects costs nothing: after reconnecting it wakes every open stream.
 * What is announced after its commit wakes this replica's streams at once, and its notification names this replica
 * ({@code "<origin> <contactId>"}), which does not look a second time.
 */
@ApplicationScoped
public class WebchatFanout {

    public static final String CHANNEL = "parley_webchat";
    private static final Logger LOG = Logger.getLogger(WebchatFanout.class);

    private final EntityManager em;
    private final WebchatHub hub;
    private final String url;
    private final String user;
    private final String password;
    private final GroupCommit<String, Boolean> group;
    /** This replica's process, as its notifications name it. */
    private final String origin = Ids.random(12);
    private volatile boolean running;
    private Thread listener;

    public WebchatFanout(EntityManager em, WebchatHub hub, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.em = em;
        this.hub = hub;
        this.url = url;
        this.user = user;
        this.password = password;
        this.group = new GroupCommit<>("webchat-announce", 512, contactIds -> {
            List<String> fromHere = contactIds.stream().map(this::announcementFromHere).toList();
            QuarkusTransaction.requiringNew().run(() -> tellListeners(fromHere));
            return Collections.nCopies(contactIds.size(), Boolean.TRUE);
        });
    }

    /**
     * Every replica's streams of this visitor look for new messages: delivered when the surrounding commit happens,
     * or, outside a transaction, once announced (with every announcement made meanwhile, in one transaction). Outside a
     * transaction what is announced is committed already, so this replica's streams look at once, without waiting for
     * the notification to come back.
     */
    public void announce(String contactId) {
        if (QuarkusTransaction.isActive() || !group.running()) {
            QuarkusTransaction.joiningExisting().run(() -> tellListeners(List.of(contactId)));
        } else {
            hub.wake(contactId);
            group.submit(contactId);
        }
    }

    /** This replica's streams of the visitor look at once (what is to be seen is committed already). */
    public void wakeHere(String contactId) {
        hub.wake(contactId);
    }

    /**
     * The notification that makes the other replicas' streams of the visitor look, for a commit of the caller's to
     * send on {@link #CHANNEL} (this replica's streams were woken by {@link #wakeHere}).
     */
    public String announcementFromHere(String contactId) {
        return origin + " " + contactId;
    }

    /**
     * Sends each notification once: a visitor's contact id (every replica's streams look), or
     * {@link #announcementFromHere} (this replica's have looked already).
     */
    private void tellListeners(List<String> notifications) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement notify = connection.prepareStatement(
                    "select count(pg_notify(?, n)) from (select distinct unnest(?::text[]) as n) v")) {
                notify.setString(1, CHANNEL);
                notify.setArray(2, connection.createArrayOf("text", notifications.toArray()));
                notify.executeQuery().close();
            }
        });
    }

    /** A notification's visitor wakes this replica's streams, unless this replica announced it and they looked. */
    private void woken(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0) {
            hub.wake(payload);
        } else if (!payload.substring(0, space).equals(origin)) {
            hub.wake(payload.substring(space + 1));
        }
    }

    void start(@Observes StartupEvent event) {
        group.start();
        running = true;
        listener = Thread.ofPlatform().daemon().name("webchat-listen").start(this::listen);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        group.stop();
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    private void listen() {
        boolean reconnecting = false;
        while (running) {
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            props.setProperty("ApplicationName", "conversation-service webchat listener");
            try (Connection connection = DriverManager.getConnection(url, props)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (reconnecting) {
                    hub.wakeAll(); // whatever was announced while not listening
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            woken(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("webchat listener lost its database connection (%s); reconnecting", e.getMessage());
                    reconnecting = true;
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }
}
