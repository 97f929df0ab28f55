package gr.syndesmos.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The connector table of docs/connectors.md is generated from the Kamelets; this keeps it from being forgotten. */
class ConnectorTableInReadmeTest {

    /** Surefire runs in the module's folder; docs/ is at the top of the repository. */
    private static final Path README = Path.of("..", "docs", "connectors.md");

    @Test
    void readmeTableIsWhatTheDescriptorsSay() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String expected = ConnectorCatalogMarkdown.table(ConnectorCatalog.fromClasspath());

        assertThat(ConnectorCatalogMarkdown.currentTable(readme))
                .as("The connector table in docs/connectors.md differs from the connectors' Kamelets. Regenerate it with: "
                        + ConnectorCatalogMarkdown.COMMAND)
                .isEqualTo(expected);
    }

    @Test
    void regeneratingReplacesOnlyTheMarkedSection() {
        String readme = "# Title\n\nbefore\n" + ConnectorCatalogMarkdown.BEGIN + "\nold table\n"
                + ConnectorCatalogMarkdown.END + "\nafter\n";

        String regenerated = ConnectorCatalogMarkdown.withTable(readme, "| new |\n");

        assertThat(regenerated).isEqualTo("# Title\n\nbefore\n" + ConnectorCatalogMarkdown.BEGIN + "\n| new |\n"
                + ConnectorCatalogMarkdown.END + "\nafter\n");
    }
}
