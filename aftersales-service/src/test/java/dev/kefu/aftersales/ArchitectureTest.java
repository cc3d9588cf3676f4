package dev.kefu.aftersales;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.kefu.aftersales.cases.Actor;
import dev.kefu.aftersales.cases.AutoCases;
import dev.kefu.aftersales.cases.Case;
import dev.kefu.aftersales.cases.CaseNotAllowed;
import dev.kefu.aftersales.cases.CaseRuleViolation;
import dev.kefu.aftersales.cases.CaseStatus;
import dev.kefu.aftersales.cases.CaseTranscript;
import dev.kefu.aftersales.cases.CaseTargets;
import dev.kefu.aftersales.cases.CsatReply;
import dev.kefu.aftersales.cases.NoteChain;
import dev.kefu.aftersales.cases.FollowUp;
import dev.kefu.aftersales.cases.Outcome;
import dev.kefu.platform.testing.ServiceArchitecture;

@AnalyzeClasses(packages = "dev.kefu.aftersales", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests serviceLayout = ArchTests.in(ServiceArchitecture.class);

    @ArchTest
    static final ArchRule domainIsPlainJava = ServiceArchitecture.domainIsPlainJava(
            Case.class, CaseStatus.class, Outcome.class, Actor.class, CaseRuleViolation.class,
            CaseNotAllowed.class, CaseTargets.class, FollowUp.class, FollowUp.Csat.class, CsatReply.class,
            AutoCases.class, NoteChain.class, CaseTranscript.class);
}
