package gr.syndesmos.hub.municipality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gr.syndesmos.hub.configfiles.LocatedYaml;
import gr.syndesmos.hub.registers.OfficialRegisters;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import gr.syndesmos.hub.registers.OfficialRegisters.DiavgeiaOrganization;
import gr.syndesmos.hub.registers.OfficialRegisters.KallikratisMunicipality;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code municipality add <code> --like <code>}: writes the configuration file of a municipality that runs the same
 * legacy system as one the hub already serves. Names and the Diavgeia organisation come from the official registers
 * the hub ships; flows, connectors and the mapping are those of the other municipality; folders, watermarks and
 * inbound addresses are its own (the hub derives them from the code). Nothing else is touched: the hub reads the
 * new file at its next start and checks it then.
 */
public final class MunicipalityAddCommand {

    public static final String NAME = "municipality";

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

    private MunicipalityAddCommand() {
    }

    /** @return the process exit code */
    public static int run(String[] args, Path defaultConfigDir, PrintStream out, PrintStream err) {
        String code = null;
        String like = null;
        String diavgeiaOrg = null;
        Path configDir = defaultConfigDir;
        boolean force = false;
        String diavgeiaUrl = System.getenv("SYNDESMOS_DIAVGEIA_URL");
        if (args.length >= 2 && "refresh-diavgeia".equals(args[1])) {
            return refresh(args, defaultConfigDir, diavgeiaUrl, out, err);
        }
        if (args.length < 2 || !"add".equals(args[1])) {
            return usage(err);
        }
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--like" -> like = i + 1 < args.length ? args[++i] : null;
                case "--diavgeia-org" -> diavgeiaOrg = i + 1 < args.length ? args[++i] : null;
                case "--config-dir" -> configDir = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--diavgeia-url" -> diavgeiaUrl = i + 1 < args.length ? args[++i] : null;
                case "--force" -> force = true;
                default -> {
                    if (args[i].startsWith("--") || code != null) {
                        err.println("Unexpected argument: " + args[i]);
                        return usage(err);
                    }
                    code = args[i];
                }
            }
        }
        if (code == null || like == null || configDir == null) {
            return usage(err);
        }
        try {
            Path written = add(code, like, diavgeiaOrg, configDir, force, diavgeiaUrl, out);
            out.println("Wrote " + written);
            out.println("The hub reads it at its next start and checks it then; see docs/guides/add-a-municipality.md.");
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println("""
                Usage: java -jar syndesmos-hub.jar municipality add <code> --like <code> \
                [--diavgeia-org <uid>] [--config-dir <dir>] [--diavgeia-url <url>] [--force]
                       java -jar syndesmos-hub.jar municipality refresh-diavgeia <code> \
                [--config-dir <dir>] [--diavgeia-url <url>]

                  <code>           Kallikratis code of the new municipality (e.g. 9319)
                  --like <code>    a municipality the hub serves that runs the same legacy system
                  --diavgeia-org   its Diavgeia organisation uid, when the register cannot tell it for sure
                  --config-dir     where to write municipalities/<code>.yml (default: SYNDESMOS_CONFIG_DIR or ./config)
                  --diavgeia-url   where to read the organisation's units and signers (default: SYNDESMOS_DIAVGEIA_URL;
                                   without either, the registers of the hub's Diavgeia stand-in)
                  --force          replace an existing file
                  refresh-diavgeia reads the units and signers again into mappings/<code>/council-decisions/diavgeia.yml,
                                   keeping what was mapped by hand""");
        return 2;
    }

    static Path add(String code, String like, String diavgeiaOrg, Path configDir, boolean force) throws IOException {
        return add(code, like, diavgeiaOrg, configDir, force, null, new PrintStream(PrintStream.nullOutputStream()));
    }

    static Path add(String code, String like, String diavgeiaOrg, Path configDir, boolean force, String diavgeiaUrl,
            PrintStream out) throws IOException {
        OfficialRegisters registers = OfficialRegisters.shipped();
        KallikratisMunicipality official = registers.municipality(code).orElseThrow(() ->
                new IllegalArgumentException(code + " is not a municipality of the Kallikratis register "
                        + "(registers/kallikratis-municipalities.csv)"));
        Municipality model = readExisting(like, configDir);
        Path target = configDir.resolve("municipalities").resolve(code + ".yml");
        if (Files.exists(target) && !force) {
            throw new IllegalArgumentException(target + " exists already; use --force to replace it");
        }
        DiavgeiaOrganization org;
        if (diavgeiaOrg != null) {
            org = registers.organization(diavgeiaOrg).orElseThrow(() -> new IllegalArgumentException(
                    diavgeiaOrg + " is not an organisation of the Diavgeia register"));
        } else {
            org = registers.diavgeiaOrganizationOf(official).orElse(null);
        }
        boolean toDiavgeia = model.flows().values().stream().anyMatch(f -> f.destinations().contains("diavgeia"));
        if (org == null && toDiavgeia) {
            throw new IllegalArgumentException("The Diavgeia register does not tell for sure which organisation is "
                    + "ΔΗΜΟΣ " + official.name() + " (" + official.regionalUnit() + "); give it with "
                    + "--diavgeia-org <uid> (GET https://diavgeia.gov.gr/opendata/organizations?category=MUNICIPALITY)");
        }
        Files.createDirectories(target.getParent());
        MappingCatalog mappings = FolderMappingCatalog.withFolders(List.of(configDir.resolve("mappings")));
        Files.writeString(target, render(code, official, org, like, model, mappings), StandardCharsets.UTF_8);
        if (toDiavgeia) {
            Path ids = diavgeiaFile(configDir, code);
            if (Files.exists(ids) && !force) {
                out.println(ids + " exists already: left as it is (municipality refresh-diavgeia " + code
                        + " reads the register again)");
            } else {
                Files.deleteIfExists(ids);
                String modelIds = modelDiavgeiaFile(like, configDir);
                List<String> themes = modelIds == null ? List.of("20") : themes(modelIds);
                // The legacy system's unit names are the model's; its signers are the new municipality's own people,
                // whom only its register knows.
                List<String> legacyUnits = modelIds == null ? List.of() : DiavgeiaIdsFile.names(modelIds, "units");
                writeFromRegister(ids, code, org, themes, legacyUnits, List.of(), diavgeiaUrl, out);
            }
        }
        return target;
    }

    private static Municipality readExisting(String like, Path configDir) throws IOException {
        Path operatorFile = configDir.resolve("municipalities").resolve(like + ".yml");
        if (!like.matches("[0-9]{4}")) {
            throw new IllegalArgumentException("--like needs a 4-digit municipality code");
        }
        InputStream in = Files.isRegularFile(operatorFile) ? Files.newInputStream(operatorFile)
                : MunicipalityAddCommand.class.getClassLoader().getResourceAsStream("municipalities/" + like + ".yml");
        if (in == null) {
            throw new IllegalArgumentException("The hub serves no municipality " + like + " (neither built in nor "
                    + operatorFile + ")");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return MAPPER.convertValue(LocatedYaml.read(reader).root(), Municipality.class);
        }
    }

    private static String render(String code, KallikratisMunicipality official, DiavgeiaOrganization org,
            String like, Municipality model, MappingCatalog mappings) {
        String latin = titleCase(official.latinName());
        StringBuilder y = new StringBuilder();
        y.append("# Δήμος ").append(official.name()).append(" (").append(official.regionalUnit()).append(", ")
                .append(official.region()).append(").\n");
        y.append("# Written by `municipality add ").append(code).append(" --like ").append(like)
                .append("`: same legacy system as ").append(model.latinName()).append(" (").append(like)
                .append("), names and Diavgeia organisation from the official registers.\n");
        y.append("# Folders, the database watermark and the inbound address are derived from the code by the hub.\n");
        y.append("code: \"").append(code).append("\"\n");
        y.append("name: ").append(official.name()).append('\n');
        y.append("latinName: ").append(latin).append('\n');
        if (org != null) {
            y.append("diavgeiaOrganizationId: \"").append(org.uid()).append("\"   # ").append(org.label()).append('\n');
        }
        y.append("flows:\n");
        model.flows().forEach((flowName, flow) -> {
            y.append("  ").append(flowName).append(":\n");
            // A flow translated by a mapping.yml: the new municipality runs the model's legacy system, so its mapping.
            if (mappings.has(flow.mappingCode(like), flowName)) {
                y.append("    mapping: \"").append(flow.mappingCode(like)).append("\"   # the mapping of ")
                        .append(model.latinName()).append("'s legacy system\n");
            }
            if (flow.answeredBy() != null) {
                // Answered by the municipality's own system, the same kind as the model's.
                appendConnector(y, "answeredBy", flow.answeredBy(), model, like, code, latin);
                return;
            }
            appendConnector(y, "source", flow.source(), model, like, code, latin);
            if (!flow.destinations().isEmpty()) {
                y.append("    destinations: [").append(String.join(", ", flow.destinations())).append("]\n");
            }
            if (flow.writeBack() != null) {
                appendConnector(y, "writeBack", flow.writeBack(), model, like, code, latin);
            }
        });
        return y.toString();
    }

    private static void appendConnector(StringBuilder y, String key, Municipality.ConnectorUse use,
            Municipality model, String like, String code, String latin) {
        y.append("    ").append(key).append(":\n");
        y.append("      connector: ").append(use.connector()).append('\n');
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Object> p : use.parameters().entrySet()) {
            if ("directory".equals(p.getKey()) && String.valueOf(p.getValue()).contains(like)) {
                continue; // its own folder is derived from its own code
            }
            String value = String.valueOf(p.getValue()).replace(like, code);
            if (model.latinName() != null) {
                value = value.replace(model.latinName().toUpperCase(Locale.ROOT), latin.toUpperCase(Locale.ROOT))
                        .replace(model.latinName().toLowerCase(Locale.ROOT), latin.toLowerCase(Locale.ROOT));
            }
            boolean changed = !value.equals(String.valueOf(p.getValue()));
            lines.add("        " + p.getKey() + ": " + yamlScalar(p.getValue(), value)
                    + (changed ? "   # was " + yamlScalar(p.getValue(), String.valueOf(p.getValue())) : ""));
        }
        if (!lines.isEmpty()) {
            y.append("      parameters:   # copied from ").append(model.latinName())
                    .append(": check hosts, tables and credentials\n");
            lines.forEach(l -> y.append(l).append('\n'));
        }
    }

    private static String yamlScalar(Object original, String value) {
        if (original instanceof Number || original instanceof Boolean) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Writes the municipality's diavgeia.yml from its organisation's register; when the register cannot be read,
     * a file with the organisation and no units or signers, and how to fill it later.
     */
    private static void writeFromRegister(Path file, String code, DiavgeiaOrganization org, List<String> themes,
            List<String> legacyUnits, List<String> legacySigners, String diavgeiaUrl, PrintStream out)
            throws IOException {
        String refresh = "java -jar syndesmos-hub.jar municipality refresh-diavgeia " + code;
        DiavgeiaIdsFile.Register register;
        try {
            register = DiavgeiaIdsFile.read(diavgeiaUrl, org.uid());
        } catch (IOException | RuntimeException e) {
            writeUnread(file, code, org, themes, refresh);
            out.println("Could not read the units and signers of Diavgeia organisation " + org.uid() + " from "
                    + diavgeiaUrl + " (" + e.getMessage() + "): " + file + " has none yet. Once Diavgeia answers: "
                    + refresh);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the Diavgeia register", e);
        }
        DiavgeiaIdsFile.Outcome outcome = DiavgeiaIdsFile.write(file, code, org.label(), org.uid(), themes, register,
                legacyUnits, legacySigners, refresh);
        out.println("Wrote " + file + ": " + register.units().size() + " units and " + register.signers().size()
                + " signers of " + org.label() + " from " + register.source());
        DiavgeiaIdsFile.report(outcome, out);
    }

    private static void writeUnread(Path file, String code, DiavgeiaOrganization org, List<String> themes,
            String refresh) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                # Diavgeia ids for the council decisions of municipality %s (%s).
                # The organisation's units and signers could not be read from Diavgeia when this file was written.
                # Read them once it answers: %s
                organizationId: "%s"
                thematicCategoryIds: [%s]
                units: {}
                signers: {}
                """.formatted(code, org.label(), refresh, org.uid(), String.join(", ",
                themes.stream().map(t -> "\"" + t + "\"").toList())), StandardCharsets.UTF_8);
    }

    /**
     * {@code municipality refresh-diavgeia <code>}: reads the organisation's units and signers again into the
     * municipality's diavgeia.yml, keeping what was mapped by hand and the names still to map.
     */
    private static int refresh(String[] args, Path defaultConfigDir, String diavgeiaUrl, PrintStream out,
            PrintStream err) {
        String code = null;
        Path configDir = defaultConfigDir;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--config-dir" -> configDir = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--diavgeia-url" -> diavgeiaUrl = i + 1 < args.length ? args[++i] : null;
                default -> {
                    if (args[i].startsWith("--") || code != null) {
                        err.println("Unexpected argument: " + args[i]);
                        return usage(err);
                    }
                    code = args[i];
                }
            }
        }
        if (code == null || configDir == null) {
            return usage(err);
        }
        try {
            Path file = diavgeiaFile(configDir, code);
            if (!Files.isRegularFile(file)) {
                err.println(file + " does not exist: municipality add " + code + " --like <code> writes it");
                return 1;
            }
            String written = Files.readString(file, StandardCharsets.UTF_8);
            String uid = YAML.readTree(written).path("organizationId").asText();
            DiavgeiaOrganization org = OfficialRegisters.shipped().organization(uid).orElseThrow(() ->
                    new IllegalArgumentException(file + ": organizationId " + uid + " is not in the Diavgeia register"));
            DiavgeiaIdsFile.Register register = DiavgeiaIdsFile.read(diavgeiaUrl, uid);
            DiavgeiaIdsFile.Outcome outcome = DiavgeiaIdsFile.write(file, code, org.label(), uid, themes(written),
                    register, DiavgeiaIdsFile.names(written, "units"), DiavgeiaIdsFile.names(written, "signers"),
                    "java -jar syndesmos-hub.jar municipality refresh-diavgeia " + code);
            out.println("Wrote " + file + ": " + register.units().size() + " units and " + register.signers().size()
                    + " signers of " + org.label() + " from " + register.source());
            DiavgeiaIdsFile.report(outcome, out);
            out.println("The hub reads it at its next start.");
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Path diavgeiaFile(Path configDir, String code) {
        return configDir.resolve("mappings").resolve(code).resolve("council-decisions").resolve("diavgeia.yml");
    }

    /** The diavgeia.yml of the municipality a new one is like: the integrator's, or the one the hub ships. */
    private static String modelDiavgeiaFile(String like, Path configDir) throws IOException {
        Path operatorFile = diavgeiaFile(configDir, like);
        if (Files.isRegularFile(operatorFile)) {
            return Files.readString(operatorFile, StandardCharsets.UTF_8);
        }
        try (InputStream in = MunicipalityAddCommand.class.getClassLoader().getResourceAsStream("mappings/" + like
                + "/council-decisions/diavgeia.yml")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> themes(String diavgeiaYml) throws IOException {
        List<String> themes = new ArrayList<>();
        YAML.readTree(diavgeiaYml).path("thematicCategoryIds").forEach(t -> themes.add(t.asText()));
        return themes.isEmpty() ? List.of("20") : themes;
    }

    static String titleCase(String upper) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : upper.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = c == ' ' || c == '-';
        }
        return out.toString();
    }
}
