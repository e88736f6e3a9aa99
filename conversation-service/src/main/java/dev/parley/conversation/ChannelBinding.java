package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The bot a channel is bound to: inbound traffic names only the channel. */
@Entity
@Table(name = "channel_binding")
public class ChannelBinding {

    @Id
    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "bot_id", nullable = false)
    public String botId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;
}
