package dev.kefu.order;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.order.order.FeeChange;
import dev.kefu.order.order.FeeChangePolicy;
import dev.kefu.order.order.FeeChangeRefused;
import dev.kefu.order.order.Order;
import dev.kefu.order.order.OrderRuleViolation;
import dev.kefu.order.order.OrderStatus;
import dev.kefu.order.order.PaymentReminderPolicy;
import dev.kefu.platform.testing.ServiceArchitecture;

@AnalyzeClasses(packages = "dev.kefu.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests serviceLayout = ArchTests.in(ServiceArchitecture.class);

    @ArchTest
    static final ArchRule domainIsPlainJava = ServiceArchitecture.domainIsPlainJava(
            Order.class, OrderStatus.class, OrderRuleViolation.class, FeeChange.class, FeeChangePolicy.class,
            FeeChangeRefused.class, PaymentReminderPolicy.class);
}
