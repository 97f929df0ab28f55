package gr.syndesmos.mappings.destinations;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gr.syndesmos.mappings.UnmappableRecordException;
import gr.syndesmos.mappings.text.GreekText;
import gr.syndesmos.mappings.text.PersonalData;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A canonical council decision as the metadata of Diavgeia's {@code POST /decisions} (the real
 * {@code DecisionStoreRequest} shape, see reference/diavgeia/requests/PublishDecision.json). Organisation, unit and
 * signer uids are per municipality, in {@code mappings/<code>/council-decisions/diavgeia.yml}; names are matched by
 * their Greek match key.
 */
public final class DiavgeiaMetadataMapper {

    /** The decision type whose beneficiary Diavgeia records as a sponsor (expenditure approval). */
    static final String EXPENSE_APPROVAL = "Β.2.1";
    private static final DateTimeFormatter ISSUE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'00:00:00.000'Z'");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The shape of diavgeia.yml. */
    record Config(String organizationId, Map<String, String> units, Map<String, String> signers,
            List<String> thematicCategoryIds) {
    }

    private final String municipalityCode;
    private final Config config;
    private final Map<String, String> unitsByKey = new HashMap<>();
    private final Map<String, String> signersByKey = new HashMap<>();

    private DiavgeiaMetadataMapper(String municipalityCode, Config config) {
        this.municipalityCode = municipalityCode;
        this.config = config;
        config.units().forEach((name, uid) -> unitsByKey.put(GreekText.matchKey(name), uid));
        config.signers().forEach((name, uid) -> signersByKey.put(GreekText.matchKey(name), uid));
    }

    /**
     * Reads {@code mappings/<code>/council-decisions/diavgeia.yml} from the classpath.
     *
     * @throws IllegalArgumentException naming the file when it is missing or broken
     */
    public static DiavgeiaMetadataMapper load(String municipalityCode) {
        return load(municipalityCode, List.of());
    }

    /**
     * Reads {@code <folder>/<code>/council-decisions/diavgeia.yml} from the first of the folders that holds one
     * (the same roots as {@code MappingCatalog.withFolders}, e.g. {@code $SYNDESMOS_CONFIG_DIR/mappings}), else from
     * the classpath.
     *
     * @throws IllegalArgumentException naming the file when it is missing or broken
     */
    public static DiavgeiaMetadataMapper load(String municipalityCode, List<Path> folders) {
        if (municipalityCode == null || !municipalityCode.matches("[0-9]{4}")) {
            throw new IllegalArgumentException("not a municipality code: " + municipalityCode);
        }
        for (Path folder : folders) {
            Path file = folder.resolve(municipalityCode).resolve("council-decisions").resolve("diavgeia.yml");
            if (Files.isRegularFile(file)) {
                String location = file.toAbsolutePath().normalize().toString();
                try (InputStream in = Files.newInputStream(file)) {
                    return read(municipalityCode, in, location);
                } catch (IOException e) {
                    throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
                }
            }
        }
        String location = "mappings/" + municipalityCode + "/council-decisions/diavgeia.yml";
        try (InputStream in = DiavgeiaMetadataMapper.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalArgumentException("classpath:" + location + " does not exist");
            }
            return read(municipalityCode, in, location);
        } catch (IOException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static DiavgeiaMetadataMapper read(String municipalityCode, InputStream in, String location)
            throws IOException {
        Config config = YAML.readValue(in, Config.class);
        if (config.organizationId() == null || config.units() == null || config.signers() == null
                || config.thematicCategoryIds() == null || config.thematicCategoryIds().isEmpty()) {
            throw new IllegalArgumentException(location
                    + ": organizationId, units, signers and thematicCategoryIds are required");
        }
        return new DiavgeiaMetadataMapper(municipalityCode, config);
    }

    public ObjectNode toMetadata(CouncilDecision d) {
        if (!municipalityCode.equals(d.municipality().code())) {
            throw new UnmappableRecordException("decision " + d.id() + " belongs to municipality "
                    + d.municipality().code() + ", this mapping is for " + municipalityCode);
        }
        ObjectMapper json = CanonicalJson.mapper();
        ObjectNode metadata = json.createObjectNode();
        metadata.put("subject", d.subject());
        metadata.put("protocolNumber", d.decisionNumber() + "/" + d.year());
        metadata.put("issueDate", ISSUE_DATE.format(d.issueDate()));
        metadata.put("decisionTypeId", d.decisionTypeId());
        metadata.put("organizationId", config.organizationId());

        ArrayNode units = metadata.putArray("unitIds");
        if (d.issuingUnit() != null) {
            String unit = unitsByKey.get(GreekText.matchKey(d.issuingUnit()));
            if (unit == null) {
                // Unit names are offices, not people: naming them helps whoever completes diavgeia.yml.
                throw new UnmappableRecordException("decision " + d.id() + ": issuing unit '" + d.issuingUnit()
                        + "' has no Diavgeia unit id in diavgeia.yml of " + municipalityCode);
            }
            units.add(unit);
        }
        ArrayNode signers = metadata.putArray("signerIds");
        for (String signer : d.signers()) {
            String uid = signersByKey.get(GreekText.matchKey(signer));
            if (uid == null) {
                throw new UnmappableRecordException("decision " + d.id() + ": signer "
                        + PersonalData.maskName(signer) + " has no Diavgeia signer id in diavgeia.yml of "
                        + municipalityCode);
            }
            signers.add(uid);
        }
        if (signers.isEmpty()) {
            throw new UnmappableRecordException("decision " + d.id() + " has no signer; Diavgeia needs one");
        }
        ArrayNode thematic = metadata.putArray("thematicCategoryIds");
        config.thematicCategoryIds().forEach(thematic::add);

        ObjectNode extra = metadata.putObject("extraFieldValues");
        if (d.amount() != null) {
            ObjectNode amount = extra.putObject("amountWithVAT");
            amount.put("amount", d.amount().value());
            amount.put("currency", d.amount().currency());
        }
        if (d.beneficiaryAfm() != null && EXPENSE_APPROVAL.equals(d.decisionTypeId())) {
            ObjectNode sponsor = extra.putArray("sponsor").addObject();
            ObjectNode afmName = sponsor.putObject("sponsorAFMName");
            afmName.put("afm", d.beneficiaryAfm());
            afmName.put("afmType", "EL");
            afmName.put("afmCountry", "EL");
            if (d.beneficiaryName() != null) {
                afmName.put("name", d.beneficiaryName());
            }
            if (d.amount() != null) {
                ObjectNode expense = sponsor.putObject("expenseAmount");
                expense.put("amount", d.amount().value());
                expense.put("currency", d.amount().currency());
            }
        }
        metadata.put("privateData", false);
        metadata.put("publish", true);
        return metadata;
    }
}
