package dev.kefu.platform.testing;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layout rules every Kefu service keeps, included in each service's ArchitectureTest with
 * {@code ArchTests.in(ServiceArchitecture.class)} plus {@link #domainIsPlainJava} for its own domain classes.
 */
public final class ServiceArchitecture {

    /** Kafka is a detail of the messaging package; features know events, not topics and records. */
    @ArchTest
    public static final ArchRule onlyMessagingTalksToKafka = noClasses()
            .that().resideOutsideOfPackage("..messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..");

    /** Listeners are entry points that hand each event to the application service; nothing calls into them. */
    @ArchTest
    public static final ArchRule listenersAreThin = classes()
            .that().resideInAPackage("..messaging..")
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("..messaging..");

    private ServiceArchitecture() {
    }

    /**
     * The domain rules are plain Java (so are the platform's shared text and evidence rules they may use): no Spring,
     * broker, database or serde.
     */
    public static ArchRule domainIsPlainJava(Class<?>... domainClasses) {
        return noClasses().that().belongToAnyOf(domainClasses)
                .should().dependOnClassesThat(resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "org.bson..", "dev.kefu.events.kafka..", "dev.kefu.platform..")
                        .and(not(resideInAnyPackage("dev.kefu.platform.text..", "dev.kefu.platform.evidence.."))))
                .because("the domain rules are tested and changed without a broker or a database");
    }
}
