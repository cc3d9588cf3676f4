package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.aftersales.ComplaintOpened.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.kefu.aftersales.cases.CaseStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

class CasePriorityTest {

    @Test
    void openWorkPastItsTargetOrEscalatedComesFirst() {
        assertThat(CasePriority.of(IN_PROGRESS, Kind.RETURN, true)).isEqualTo(3);
        assertThat(CasePriority.of(WAITING_FOR_BUYER, Kind.RETURN, true)).isEqualTo(3);
        assertThat(CasePriority.of(ESCALATED, Kind.REFUND, false)).isEqualTo(3);
    }

    @Test
    void approvalsComplaintsAndReviewRecoveriesComeBeforeOtherWork() {
        assertThat(CasePriority.of(WAITING_FOR_APPROVAL, Kind.REFUND, false)).isEqualTo(2);
        assertThat(CasePriority.of(OPEN, Kind.COMPLAINT, false)).isEqualTo(2);
        assertThat(CasePriority.of(IN_PROGRESS, Kind.REVIEW_RECOVERY, false)).isEqualTo(2);
        assertThat(CasePriority.of(OPEN, Kind.EXCHANGE, false)).isEqualTo(1);
        assertThat(CasePriority.of(IN_PROGRESS, Kind.LOGISTICS, false)).isEqualTo(1);
    }

    @Test
    void waitingForTheBuyerAndEndedCasesComeLast() {
        assertThat(CasePriority.of(WAITING_FOR_BUYER, Kind.COMPLAINT, false)).isZero();
        for (CaseStatus ended : new CaseStatus[]{RESOLVED, REJECTED, FOLLOWED_UP, CLOSED}) {
            assertThat(CasePriority.of(ended, Kind.COMPLAINT, true)).as(ended.name()).isZero();
        }
    }

    @Test
    void everyDocumentBuiltCarriesThePriorityAndDeadlineOfItsState() {
        Instant opened = Instant.parse("2026-11-23T08:00:00Z");
        Case kase = Case.open("shop-1", "CS-1", Kind.COMPLAINT, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details(null, "buyer-1", "taobao", null, "破损"), opened, CaseTest.TARGETS).opened();
        CaseDocument fresh = CaseDocument.empty(kase);
        assertThat(fresh.priority()).isEqualTo(2);
        assertThat(fresh.queueDue()).isEqualTo(kase.resolutionDue());

        kase.escalate(new Actor("agent-1", false), "超出权限", opened.plusSeconds(60));
        assertThat(fresh.next(kase, null, List.of()).priority()).isEqualTo(3);
    }
}
