package dev.parley.conversation;

import dev.parley.platform.repository.Created;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Someone who writes to a bot on a channel: a phone number, a Telegram chat, a webchat visitor, a webhook user. */
@Entity
@Table(name = "contact")
public class Contact extends Created {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "channel_id", nullable = false, updatable = false)
    public String channelId;

    /** The contact's id on the channel (wa_id, Telegram chat id, visitor id, the webhook's user id). */
    @Column(name = "external_id", nullable = false, updatable = false)
    public String externalId;

    public String name;

    /** Webchat visitors: SHA-256 of the token their widget presents. */
    @Column(name = "visitor_token_hash")
    public String visitorTokenHash;
}
