package dev.parley.routing;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant's ready-made answer that agents insert by its shortcut ({@code /refund}). */
@Entity
@Table(name = "canned_response")
public class CannedResponse extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    /** Lower case, without the leading slash: {@code refund}. Unique per tenant. */
    @Column(nullable = false)
    public String shortcut;

    public String title;

    @Column(nullable = false)
    public String text;

    @Column(name = "created_by")
    public String createdBy;
}
