package dev.parley.llm.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** Monthly LLM token budgets by plan; a tenant may set its own ({@code PUT /v1/usage/budget}). */
@ConfigMapping(prefix = "parley.budgets")
public interface BudgetConfig {

    /** Tokens per calendar month (UTC) by plan name. */
    Map<String, Long> plans();

    /** The plan assumed when the credential names none. */
    @WithDefault("free")
    String defaultPlan();
}
