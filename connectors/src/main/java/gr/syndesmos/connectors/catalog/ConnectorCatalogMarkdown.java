package gr.syndesmos.connectors.catalog;

import gr.syndesmos.connectors.catalog.ConnectorDescriptor.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Renders the connector catalogue as a markdown table and writes it into {@code docs/connectors.md} between
 * {@value #BEGIN} and {@value #END}, so the documentation always says what the Kamelets say. Run it with
 * {@value #COMMAND}; {@code ConnectorTableInReadmeTest} fails the build while the page is out of date.
 */
public final class ConnectorCatalogMarkdown {

    public static final String BEGIN = "<!-- connector-catalogue:begin -->";
    public static final String END = "<!-- connector-catalogue:end -->";
    public static final String COMMAND = "./mvnw -q -pl connectors compile exec:java";

    private ConnectorCatalogMarkdown() {
    }

    /** Writes the table into the page named by the first argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: ConnectorCatalogMarkdown <path of docs/connectors.md>");
        }
        Path readme = Path.of(args[0]);
        ConnectorCatalog catalog = ConnectorCatalog.fromClasspath();
        String before = Files.readString(readme, StandardCharsets.UTF_8);
        String after = withTable(before, table(catalog));
        if (!after.equals(before)) {
            Files.writeString(readme, after, StandardCharsets.UTF_8);
        }
        System.out.println(readme + ": connector table " + (after.equals(before) ? "already up to date" : "updated")
                + " (" + catalog.all().size() + " connectors)");
    }

    /** The markdown table, one row per connector, in name order. */
    public static String table(ConnectorCatalog catalog) {
        StringBuilder table = new StringBuilder()
                .append("| Connector | Kind | What it does | Parameters (**required** in bold) |\n")
                .append("|---|---|---|---|\n");
        for (ConnectorDescriptor connector : catalog.all()) {
            String kind = connector.kind().label() + connector.produces().map(p -> " → " + p).orElse("");
            String parameters = connector.parameters().values().stream().map(ConnectorCatalogMarkdown::parameter)
                    .collect(Collectors.joining("<br>"));
            table.append("| `").append(connector.name()).append("` | ").append(kind).append(" | **")
                    .append(cell(connector.title())).append("**: ").append(cell(connector.description()))
                    .append(" | ").append(parameters).append(" |\n");
        }
        return table.toString();
    }

    /** The page with the text between the markers replaced by the table. */
    public static String withTable(String readme, String table) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("The page has no " + BEGIN + " ... " + END + " section");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + table + readme.substring(end);
    }

    /** The text between the markers, as it is now. */
    public static String currentTable(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("The page has no " + BEGIN + " ... " + END + " section");
        }
        return readme.substring(begin + BEGIN.length() + 1, end);
    }

    private static String parameter(Parameter parameter) {
        String name = "`" + parameter.name() + "`";
        StringBuilder text = new StringBuilder(parameter.required() ? "**" + name + "**" : name)
                .append(" (").append(parameter.type());
        parameter.defaultValue().ifPresent(value -> text.append(", default `").append(cell(value.asText()))
                .append('`'));
        if (parameter.secret()) {
            text.append(", secret");
        }
        return text.append("): ").append(cell(parameter.description())).toString();
    }

    /** Markdown table cells: one line, pipes escaped. */
    private static String cell(String text) {
        return text.strip().replace("\n", " ").replace("|", "\\|");
    }
}
