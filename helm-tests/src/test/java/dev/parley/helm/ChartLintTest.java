package dev.parley.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChartLintTest {

    @TempDir
    Path work;

    static List<Path> variants() {
        return ParleyChart.variants();
    }

    @Test
    void everyDocumentedVariantIsThere() {
        assertThat(variants()).extracting(ParleyChart::variantName)
                .contains("default", "production", "existing-secrets", "minimal");
    }

    @ParameterizedTest(name = "helm lint --strict -f ci/{0}")
    @MethodSource("variants")
    void lintsStrictly(Path variant) throws Exception {
        LintResult result = ParleyChart.lint(variant, work);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void lintFailsOnAValueTheSchemaRejects() throws Exception {
        Path bad = work.resolve("bad-values.yaml");
        java.nio.file.Files.writeString(bad, """
                secrets:
                  existingSecret: mine
                components:
                  bot-service:
                    replicas: many
                """);

        LintResult result = ParleyChart.lint(bad, work);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("replicas");
    }

    @Test
    void schemaRejectsAWrongType() {
        assertThatThrownBy(() -> ParleyChart.render(ParleyChart.variant("default"),
                "components.bot-service.replicas", "many"))
                .hasMessageContaining("replicas");
    }

    @Test
    void schemaRejectsAnUnknownComponent() {
        assertThatThrownBy(() -> ParleyChart.render(ParleyChart.variant("default"),
                "components.billing-service.enabled", "true"))
                .hasMessageContaining("billing-service");
    }

    @Test
    void schemaRejectsAMisspelledSetting() {
        assertThatThrownBy(() -> ParleyChart.render(ParleyChart.variant("default"), "ingress.hosts", "api.example.com"))
                .hasMessageContaining("hosts");
    }

    @Test
    void schemaRejectsAnEncryptionKeyOfTheWrongLength() {
        assertThatThrownBy(() -> ParleyChart.render(ParleyChart.variant("default"), "secrets.secretsKey", "c2hvcnQ="))
                .hasMessageContaining("secretsKey");
    }

    @Test
    void schemaRejectsAPathOutsideTheApi() {
        assertThatThrownBy(() -> ParleyChart.render(ParleyChart.variant("default"),
                "components.llm-gateway.paths[0]", "/admin"))
                .hasMessageContaining("paths");
    }

    @Test
    void noEncryptionKeyNoRelease() {
        assertThatThrownBy(() -> ParleyChart.render(ParleyChart.variant("default"), "secrets.secretsKey", ""))
                .hasMessageContaining("secrets.secretsKey is required");
    }

    @Test
    void everyEnabledComponentNeedsItsKeycloakClientSecret() {
        assertThatThrownBy(() -> ParleyChart.render(ParleyChart.variant("default"),
                "secrets.oidcClientSecrets.routing-service", ""))
                .hasMessageContaining("secrets.oidcClientSecrets.routing-service is required");
    }
}
