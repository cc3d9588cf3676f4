package dev.kefu.conversation;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.conversation.conduct.ConductGuard;
import dev.kefu.conversation.conversation.Proactive;
import dev.kefu.conversation.intent.IntentClassifier;
import dev.kefu.conversation.script.ScriptCatalog;
import dev.kefu.platform.testing.ServiceArchitecture;

@AnalyzeClasses(packages = "dev.kefu.conversation", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests serviceLayout = ArchTests.in(ServiceArchitecture.class);

    @ArchTest
    static final ArchRule domainIsPlainJava = ServiceArchitecture.domainIsPlainJava(
            Proactive.class, ScriptCatalog.class, IntentClassifier.class, ConductGuard.class);
}
