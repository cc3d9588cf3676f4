package dev.kefu.conversation;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.conversation.conversation.Proactive;
import dev.kefu.conversation.script.ScriptCatalog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.kefu.conversation", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule rulesKnowNoFrameworkOrWire = noClasses()
            .that().belongToAnyOf(Proactive.class, ScriptCatalog.class)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "org.bson..", "dev.kefu.platform..");

    @ArchTest
    static final ArchRule onlyMessagingTalksToKafka = noClasses()
            .that().resideOutsideOfPackage("..messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..");
}
