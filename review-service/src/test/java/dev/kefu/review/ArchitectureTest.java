package dev.kefu.review;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.review.review.FollowUpStatus;
import dev.kefu.review.review.MoneyForReviewRefused;
import dev.kefu.review.review.Review;
import dev.kefu.review.review.ReviewRuleViolation;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.kefu.review", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The shared sentiment lexicon is plain Java; the rest of the platform is Spring wiring. */
    @ArchTest
    static final ArchRule domainKnowsNoFrameworkOrWire = noClasses()
            .that().belongToAnyOf(Review.class, FollowUpStatus.class, ReviewRuleViolation.class,
                    MoneyForReviewRefused.class)
            .should().dependOnClassesThat(resideInAnyPackage(
                            "org.springframework..", "org.apache.kafka..", "org.bson..", "dev.kefu.events.kafka..",
                            "dev.kefu.platform..")
                    .and(not(resideInAPackage("dev.kefu.platform.text.."))))
            .because("the review rules are tested and changed without a broker or a database");

    @ArchTest
    static final ArchRule onlyMessagingTalksToKafka = noClasses()
            .that().resideOutsideOfPackage("..messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..");

    @ArchTest
    static final ArchRule listenersAreThin = classes()
            .that().resideInAPackage("..messaging..")
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("..messaging..");
}
