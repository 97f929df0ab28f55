package gr.syndesmos.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules, checked on the compiled classes of every module (main code only): the modules depend one way
 * ({@code schemas} ← {@code mappings} ← {@code routes} → {@code connectors}), no module has a cycle between its
 * packages, the pipeline knows no record type, and the mapping engine knows none of its formats.
 */
class ArchitectureTest {

    private static final String SCHEMAS = "gr.syndesmos.schemas..";
    private static final String MAPPINGS = "gr.syndesmos.mappings..";
    private static final String CONNECTORS = "gr.syndesmos.connectors..";
    private static final String HUB = "gr.syndesmos.hub..";

    static JavaClasses classes;

    @BeforeAll
    static void importTheModules() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("gr.syndesmos");
    }

    @Test
    void theModulesDependOneWay() {
        noClasses().that().resideInAPackage(SCHEMAS).should().dependOnClassesThat()
                .resideInAnyPackage(MAPPINGS, CONNECTORS, HUB)
                .because("schemas are the canonical records, and know nothing of how they are made or moved")
                .check(classes);
        noClasses().that().resideInAPackage(MAPPINGS).should().dependOnClassesThat()
                .resideInAnyPackage(CONNECTORS, HUB)
                .because("mappings are pure translations").check(classes);
        noClasses().that().resideInAPackage(CONNECTORS).should().dependOnClassesThat()
                .resideInAnyPackage(SCHEMAS, MAPPINGS, HUB)
                .because("connectors move bytes and rows; they know no record").check(classes);
    }

    @Test
    void noModuleHasACycleBetweenItsPackages() {
        for (String module : new String[] {"schemas", "mappings", "connectors", "hub"}) {
            slices().matching("gr.syndesmos." + module + ".(*)..").should().beFreeOfCycles().check(classes);
        }
        // A module's top package (the hub's entry point, the mappings' interfaces) is depended on by nothing below it.
        noClasses().that().resideInAPackage("gr.syndesmos.hub..").and().resideOutsideOfPackage("gr.syndesmos.hub")
                .should().dependOnClassesThat().resideInAPackage("gr.syndesmos.hub").check(classes);
        noClasses().that().resideInAPackage("gr.syndesmos.mappings").should().dependOnClassesThat()
                .resideInAPackage("gr.syndesmos.mappings.(*)..")
                .because("the mappings' interfaces stand above their implementations").check(classes);
    }

    @Test
    void thePipelineKnowsNoRecordType() {
        noClasses().that().resideInAPackage(HUB).and().resideOutsideOfPackage("gr.syndesmos.hub.destinations..")
                .should().dependOnClassesThat().resideInAnyPackage("gr.syndesmos.schemas.(*)..",
                        "gr.syndesmos.mappings.sensors..")
                .because("a flow is a file: only a destination's contract (Diavgeia's metadata) may know a record "
                        + "type's Java class, and nothing in the hub may know one flow's mapping")
                .check(classes);
    }

    @Test
    void theMappingEngineKnowsNoneOfItsFormats() {
        noClasses().that().resideInAPackage("gr.syndesmos.mappings.engine..").should().dependOnClassesThat()
                .resideInAnyPackage("gr.syndesmos.mappings.csv..", "gr.syndesmos.mappings.xml..",
                        "gr.syndesmos.mappings.fixedwidth..", "gr.syndesmos.mappings.rows..",
                        "gr.syndesmos.mappings.sensors..")
                .because("a format is one class the engine finds (RecordFormat, ServiceLoader)").check(classes);
    }

    @Test
    void theHubLeavesFilingItsInputToTheConnectors() {
        noClasses().that().resideInAPackage(HUB).should().dependOnClassesThat()
                .haveFullyQualifiedName("gr.syndesmos.connectors.file.InboxFiles")
                .because("a source connector files what it handed over, as the hub's outcome says").check(classes);
    }
}
