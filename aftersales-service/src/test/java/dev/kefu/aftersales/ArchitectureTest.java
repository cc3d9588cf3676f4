package dev.kefu.aftersales;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.aftersales.cases.Actor;
import dev.kefu.aftersales.cases.Case;
import dev.kefu.aftersales.cases.CaseNotAllowed;
import dev.kefu.aftersales.cases.CaseRuleViolation;
import dev.kefu.aftersales.cases.CaseStatus;
import dev.kefu.aftersales.cases.Outcome;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.kefu.aftersales", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainKnowsNoFrameworkOrWire = noClasses()
            .that().belongToAnyOf(Case.class, CaseStatus.class, Outcome.class, Actor.class, CaseRuleViolation.class,
                    CaseNotAllowed.class)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "org.bson..", "dev.kefu.events.kafka..",
                    "dev.kefu.platform..")
            .because("the case rules are tested and changed without a broker or a database");

    @ArchTest
    static final ArchRule onlyMessagingTalksToKafka = noClasses()
            .that().resideOutsideOfPackage("..messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..");

    @ArchTest
    static final ArchRule listenersAreThin = classes()
            .that().resideInAPackage("..messaging..")
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("..messaging..");
}
