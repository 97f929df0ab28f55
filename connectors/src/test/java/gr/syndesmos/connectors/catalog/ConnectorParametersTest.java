package gr.syndesmos.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks the hub runs, at start, on the parameters a municipality gives a connector. */
class ConnectorParametersTest {

    private final ConnectorCatalog catalog = ConnectorCatalog.fromClasspath();

    @Test
    void validParametersHaveNoProblems() {
        assertThat(catalog.validateParameters("file-inbox", Map.of("directory", "/srv/in", "include", "*.csv",
                "pollDelayMillis", 500, "charset", "windows-1253"))).isEmpty();
    }

    @Test
    void eachProblemNamesTheParameterInPlainWords() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("directroy", "/srv/in");
        params.put("pollDelayMillis", "soon");
        params.put("stableForMillis", -1);

        assertThat(catalog.validateParameters("file-inbox", params)).containsExactlyInAnyOrder(
                "unknown parameter 'directroy' (did you mean 'directory'?)",
                "missing required parameter 'directory'",
                "missing required parameter 'include'",
                "parameter 'pollDelayMillis' must be an integer",
                "parameter 'stableForMillis' must be at least 0");
    }

    @Test
    void numbersAndBooleansWrittenAsTextAreAccepted() {
        assertThat(catalog.validateParameters("file-inbox", Map.of("directory", "/srv/in", "include", "*.csv",
                "pollDelayMillis", "250"))).isEmpty();
        assertThat(catalog.withDefaults("file-inbox", Map.of("directory", "/srv/in", "include", "*.csv",
                "pollDelayMillis", "250"))).containsEntry("pollDelayMillis", "250");
    }

    @Test
    void defaultsFillTheKameletPropertiesAsTextAndOptionalOnesWithoutADefaultAreEmpty() {
        Map<String, String> parameters = catalog.withDefaults("file-inbox",
                Map.of("directory", "/srv/in", "include", "*.csv", "delimiter", ";"));

        assertThat(parameters).containsExactly(Map.entry("directory", "/srv/in"), Map.entry("include", "*.csv"),
                Map.entry("stableForMillis", "1000"), Map.entry("lockTimeoutMillis", "60000"),
                Map.entry("watchDoneForMillis", "600000"), Map.entry("watchDoneEveryMillis", "2000"),
                Map.entry("pollDelayMillis", "1000"), Map.entry("charset", ""), Map.entry("delimiter", ";"),
                Map.entry("quote", ""), Map.entry("headerNames", ""));
    }

    @Test
    void invalidParametersAreRefusedWhenFillingDefaults() {
        assertThatThrownBy(() -> catalog.withDefaults("file-inbox", Map.of("directory", "/srv/in")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid parameters for connector 'file-inbox': missing required parameter 'include'");
    }

    @Test
    void anUnknownConnectorIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> catalog.validateParameters("file-inbx", Map.of()))
                .hasMessageStartingWith("There is no connector named 'file-inbx'; known connectors: ")
                .hasMessageContaining("file-inbox");
    }

    @Test
    void secretsAreMarked() {
        assertThat(catalog.isSecret("sftp-inbox", "password")).isTrue();
        assertThat(catalog.isSecret("sftp-inbox", "privateKeyPassphrase")).isTrue();
        assertThat(catalog.isSecret("sftp-inbox", "username")).isFalse();
        assertThat(catalog.isSecret("file-inbox", "nonexistent")).isFalse();
    }
}
