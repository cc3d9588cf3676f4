package dev.kefu.order;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.order.order.Order;
import dev.kefu.order.order.OrderRuleViolation;
import dev.kefu.order.order.OrderStatus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.kefu.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainKnowsNoFrameworkOrWire = noClasses()
            .that().belongToAnyOf(Order.class, OrderStatus.class, OrderRuleViolation.class)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "org.bson..", "dev.kefu.events.kafka..",
                    "dev.kefu.platform..")
            .because("the order rules are tested and changed without a broker or a database");

    @ArchTest
    static final ArchRule onlyMessagingTalksToKafka = noClasses()
            .that().resideOutsideOfPackage("..messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..");

    @ArchTest
    static final ArchRule listenersAreThin = classes()
            .that().resideInAPackage("..messaging..")
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("..messaging..");
}
