package dev.parley.platform.security;

/** Names of the {@code SecurityIdentity} attributes both credential kinds fill in. */
public final class CallerAttributes {

    public static final String TENANT_ID = "parley.tenant-id";
    public static final String PLAN = "parley.plan";
    /** Present only when the caller authenticated with an API key. */
    public static final String API_KEY_ID = "parley.api-key-id";

    private CallerAttributes() {
    }
}
