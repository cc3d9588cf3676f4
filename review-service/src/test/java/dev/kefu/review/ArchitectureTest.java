package dev.kefu.review;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.review.review.FollowUpStatus;
import dev.kefu.review.review.MoneyForReviewRefused;
import dev.kefu.review.review.Review;
import dev.kefu.review.review.ReviewRuleViolation;
import dev.kefu.platform.testing.ServiceArchitecture;

@AnalyzeClasses(packages = "dev.kefu.review", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests serviceLayout = ArchTests.in(ServiceArchitecture.class);

    @ArchTest
    static final ArchRule domainIsPlainJava = ServiceArchitecture.domainIsPlainJava(
            Review.class, FollowUpStatus.class, ReviewRuleViolation.class, MoneyForReviewRefused.class);
}
