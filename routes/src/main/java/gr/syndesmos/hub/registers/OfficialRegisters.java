package gr.syndesmos.hub.registers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import gr.syndesmos.mappings.text.GreekText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The official registers the hub ships (see {@code registers/README.md}): Kallikratis municipalities by code and
 * Diavgeia organisations by uid, and the careful join between them.
 */
public final class OfficialRegisters {

    /** One municipality of the Kallikratis codebook. */
    public record KallikratisMunicipality(String code, String name, String latinName, String regionalUnit,
            String region) {
    }

    /** One Diavgeia organisation. */
    public record DiavgeiaOrganization(String uid, String label, String latinName, String category) {
    }

    private static final OfficialRegisters SHIPPED = load();

    private final Map<String, KallikratisMunicipality> municipalities;
    private final Map<String, DiavgeiaOrganization> organizations;

    private OfficialRegisters(Map<String, KallikratisMunicipality> municipalities,
            Map<String, DiavgeiaOrganization> organizations) {
        this.municipalities = Collections.unmodifiableMap(municipalities);
        this.organizations = Collections.unmodifiableMap(organizations);
    }

    public static OfficialRegisters shipped() {
        return SHIPPED;
    }

    public Optional<KallikratisMunicipality> municipality(String code) {
        return Optional.ofNullable(municipalities.get(code));
    }

    public Optional<DiavgeiaOrganization> organization(String uid) {
        return Optional.ofNullable(organizations.get(uid));
    }

    /**
     * The Diavgeia organisation of a Kallikratis municipality, when the name identifies it beyond doubt: the label
     * {@code ΔΗΜΟΣ <name>} with, where Diavgeia qualifies it, the municipality's own region or regional unit in
     * brackets. Two candidates left (or none) means no answer: names are not keys.
     */
    public Optional<DiavgeiaOrganization> diavgeiaOrganizationOf(KallikratisMunicipality municipality) {
        String wanted = key("ΔΗΜΟΣ " + municipality.name());
        List<DiavgeiaOrganization> qualified = new ArrayList<>();
        List<DiavgeiaOrganization> plain = new ArrayList<>();
        List<DiavgeiaOrganization> qualifiedElsewhere = new ArrayList<>();
        for (DiavgeiaOrganization org : organizations.values()) {
            if (!"MUNICIPALITY".equals(org.category())) {
                continue;
            }
            String label = org.label();
            int bracket = label.indexOf('(');
            String base = key(bracket < 0 ? label : label.substring(0, bracket));
            if (!base.equals(wanted)) {
                continue;
            }
            if (bracket < 0) {
                plain.add(org);
                continue;
            }
            String qualifier = key(label.substring(bracket + 1).replace(")", ""));
            if (qualifier.equals(key(municipality.region())) || qualifier.equals(key(municipality.regionalUnit()))) {
                qualified.add(org);
            } else {
                qualifiedElsewhere.add(org);
            }
        }
        if (qualified.size() == 1) {
            return Optional.of(qualified.get(0));
        }
        // A plain label is ours only if no other municipality of the same name exists in the codebook.
        long sameName = municipalities.values().stream().filter(m -> key(m.name()).equals(key(municipality.name())))
                .count();
        if (qualified.isEmpty() && plain.size() == 1 && (sameName == 1 || !qualifiedElsewhere.isEmpty())) {
            return Optional.of(plain.get(0));
        }
        return Optional.empty();
    }

    /** Accent-free upper case, single spaces, hyphens without spaces: "ΑΡΧΑΝΩΝ - ΑΣΤΕΡΟΥΣΙΩΝ" = "Αρχανών-Αστερουσίων". */
    static String key(String text) {
        return GreekText.matchKey(text.replaceAll("\\s*-\\s*", "-")).replaceAll("\\s+", " ").trim();
    }

    private static OfficialRegisters load() {
        Map<String, KallikratisMunicipality> municipalities = new TreeMap<>();
        CsvMapper csv = new CsvMapper();
        try (InputStream in = resource("registers/kallikratis-municipalities.csv");
             MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                municipalities.put(row.get("kallikratis_code"), new KallikratisMunicipality(
                        row.get("kallikratis_code"), row.get("name_el"), row.get("name_latin_bdr"),
                        row.get("regional_unit_el"), row.get("region_el")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, DiavgeiaOrganization> organizations = new TreeMap<>();
        try (InputStream in = resource("registers/diavgeia-organizations.json")) {
            for (JsonNode org : new ObjectMapper().readTree(in).path("organizations")) {
                organizations.put(org.path("uid").asText(), new DiavgeiaOrganization(org.path("uid").asText(),
                        org.path("label").asText(), org.path("latinName").asText(null),
                        org.path("category").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OfficialRegisters(municipalities, organizations);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OfficialRegisters.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath:" + name + " is missing from the hub's jar");
        }
        return in;
    }
}
