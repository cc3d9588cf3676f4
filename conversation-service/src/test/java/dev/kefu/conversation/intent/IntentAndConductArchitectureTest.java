package dev.kefu.conversation.intent;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The intent classifier and the conduct guard are plain Java: no framework, broker, database or serde; of the
 * platform, only its plain-Java text rules (the money-for-a-review rule is shared with reviews and cases).
 */
@AnalyzeClasses(packages = {"dev.kefu.conversation.intent", "dev.kefu.conversation.conduct"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class IntentAndConductArchitectureTest {

    @ArchTest
    static final ArchRule plainJava = noClasses()
            .should().dependOnClassesThat(resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "org.bson..", "com.mongodb..", "reactor..", "tools.jackson..", "com.fasterxml..", "dev.kefu.events..",
                    "dev.kefu.platform..").and(not(resideInAPackage("dev.kefu.platform.text.."))))
            .because("the rules are tested and changed without a broker, a database or the service around them");

    @ArchTest
    static final ArchRule selfContained = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.kefu.conversation.intent..",
                    "dev.kefu.conversation.conduct..", "dev.kefu.platform.text..")
            .because("someone else wires them into the service; they need nothing from it");
}
