package dev.kefu.aftersales.cases;

import dev.kefu.platform.web.InvalidRequestException;
import dev.kefu.platform.web.InvalidRequestException.FieldError;
import dev.kefu.platform.web.Requests;
import dev.kefu.events.aftersales.ComplaintOpened;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaseRequestsTest {

    @Test
    void aCompleteRequestBecomesTheCaseToOpen() {
        CaseRequests.OpenCase open = new CaseRequests.Open(" buyer-1 ", "TB1", "taobao", "RETURN", "尺码不合适", "59.90")
                .validated();

        assertThat(open.kind()).isEqualTo(ComplaintOpened.Kind.RETURN);
        assertThat(open.details()).isEqualTo(
                new Case.Details("TB1", "buyer-1", "taobao", new BigDecimal("59.90"), "尺码不合适"));
    }

    @Test
    void orderAndAmountAreOptional() {
        CaseRequests.OpenCase open = new CaseRequests.Open("buyer-1", null, "jd", "COMPLAINT", "态度差", " ").validated();

        assertThat(open.details().orderId()).isNull();
        assertThat(open.details().amount()).isNull();
    }

    @Test
    void everyMissingFieldIsNamed() {
        assertThatThrownBy(() -> new CaseRequests.Open(null, null, " ", null, "", null).validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("buyerId", "is required"),
                        new FieldError("platform", "is required"),
                        new FieldError("kind", "is required"),
                        new FieldError("reason", "is required")));
    }

    @Test
    void badEnumValuesAndAmountsAreNamed() {
        assertThatThrownBy(() -> new CaseRequests.Open("b", null, "taobao", "REFUND_ONLY", "r", "-1").validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("kind", "amount"));
        assertThatThrownBy(() -> new CaseRequests.Open("b", null, "taobao", "RETURN", "r", "abc").validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("amount", "is not a decimal amount")));
        assertThatThrownBy(() -> new CaseRequests.Resolve("MONEY_BACK", "done", null).validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("outcome");
                            assertThat(error.reason()).contains("REFUNDED", "EXPLAINED");
                        }));
    }

    @Test
    void overlongTextIsRefused() {
        String essay = "很".repeat(Requests.MAX_TEXT + 1);

        assertThatThrownBy(() -> new CaseRequests.Note(essay).validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("text"));
    }

    @Test
    void actionsNeedTheirText() {
        assertThat(new CaseRequests.Resolve("REFUNDED", "已退款", null).validated())
                .isEqualTo(new CaseRequests.Resolution(Outcome.REFUNDED, "已退款", null));
        assertThat(new CaseRequests.Resolve("COMPENSATED", "补偿运费", "12.50").validated())
                .isEqualTo(new CaseRequests.Resolution(Outcome.COMPENSATED, "补偿运费", new BigDecimal("12.50")));
        assertThatThrownBy(() -> new CaseRequests.Resolve("COMPENSATED", "补偿", "十元").validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("compensation", "is not a decimal amount")));
        assertThatThrownBy(() -> new CaseRequests.Approve("DENY", " ").validated())
                .hasMessage("reason is required");
        assertThat(new CaseRequests.Approve("APPROVE", null).validated())
                .isEqualTo(new CaseRequests.Decision(true, null));
        assertThatThrownBy(() -> new CaseRequests.Reason(" ").validated()).isInstanceOf(InvalidRequestException.class)
                .hasMessage("reason is required");
        assertThatThrownBy(() -> new CaseRequests.Note(null).validated()).hasMessage("text is required");
    }

    @Test
    void noFilterIsTheShopsOpenWorkInQueueOrder() {
        CaseRequests.Filter all = list(null, null, null, null, null, null, null, null);

        assertThat(all.statuses()).isEqualTo(CaseStatus.OPEN_WORK);
        assertThat(all.order()).isEqualTo(CaseOrder.QUEUE);
        assertThat(all.limit()).isEqualTo(CaseRequests.DEFAULT_LIMIT);
        assertThat(all.after()).isNull();
    }

    @Test
    void filtersCombineAndEachTakesSeveralValues() {
        CaseRequests.Filter mine = list(" buyer-1 ", "open-work, resolved", "complaint,REFUND", "me", null, "newest",
                null, " 7 ");

        assertThat(mine.buyerId()).isEqualTo("buyer-1");
        assertThat(mine.statuses()).containsAll(CaseStatus.OPEN_WORK).contains(CaseStatus.RESOLVED).hasSize(6);
        assertThat(mine.kinds()).containsExactlyInAnyOrder(ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.Kind.REFUND);
        assertThat(mine.assignee()).isEqualTo(new CaseRequests.Assigned("agent-caller"));
        assertThat(mine.order()).isEqualTo(CaseOrder.NEWEST);
        assertThat(mine.limit()).isEqualTo(7);
        assertThat(list(null, null, null, "none", null, null, null, null).assignee())
                .isEqualTo(CaseRequests.Assigned.NOBODY);
        assertThat(list(null, null, null, "agent-7", null, null, null, null).assignee())
                .isEqualTo(new CaseRequests.Assigned("agent-7"));
    }

    @Test
    void theDefaultOrderIsTheQueueForOpenWorkAndNewestForABuyerOrEndedCases() {
        assertThat(list(null, "OPEN,ESCALATED", null, null, null, null, null, null).order()).isEqualTo(CaseOrder.QUEUE);
        assertThat(list(null, "RESOLVED", null, null, null, null, null, null).order()).isEqualTo(CaseOrder.NEWEST);
        assertThat(list("buyer-1", "open-work", null, null, null, null, null, null).order())
                .isEqualTo(CaseOrder.NEWEST);
        assertThat(list(null, null, "COMPLAINT", null, null, null, null, null).statuses()).as("any status").isEmpty();
        assertThat(list(null, null, null, null, "due", null, null, null).order()).isEqualTo(CaseOrder.FOLLOW_UP_DUE);
        assertThat(list(null, null, null, null, "ANSWERED", null, null, null).order())
                .isEqualTo(CaseOrder.FOLLOW_UP_LATEST);
    }

    @Test
    void everyBadParameterIsNamedWithTheAllowedValues() {
        assertThatThrownBy(() -> list(null, "OPEN,SHUT", "PARCEL", null, "SOON", "oldest", "garbled!", "0"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.errors()).extracting(FieldError::field)
                            .containsExactly("status", "kind", "followUp", "sort", "followUp", "sort", "limit");
                    assertThat(e.errors().get(0).reason()).contains("WAITING_FOR_BUYER", "open-work");
                    assertThat(e.errors().get(1).reason()).contains("REVIEW_RECOVERY");
                    assertThat(e.errors().get(2).reason()).contains("DUE", "VISITED", "ANSWERED");
                    assertThat(e.errors().get(3).reason()).contains("NEWEST", "QUEUE");
                });
        for (String limit : List.of("0", "201", "-1", "abc", "1.5")) {
            assertThatThrownBy(() -> list(null, "OPEN", null, null, null, null, null, limit)).as(limit)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("limit"));
        }
    }

    @Test
    void aCursorIsThatOfTheListsOrderOrA400NamingIt() {
        CaseDocument last = document("CS-9");
        String queueCursor = CaseOrder.QUEUE.cursorAfter(last);

        CaseOrder.After after = list(null, null, null, null, null, null, queueCursor, null).after();
        assertThat(after.id()).isEqualTo(last.id());
        assertThat(after.values()).containsExactly(last.priority(), last.queueDue());
        for (String bad : List.of(queueCursor.substring(1), "%%%", CaseOrder.NEWEST.cursorAfter(last))) {
            assertThatThrownBy(() -> list(null, null, null, null, null, null, bad, null)).as(bad)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("cursor"));
        }
    }

    private static CaseRequests.Filter list(String buyerId, String status, String kind, String assignee,
                                            String followUp, String sort, String cursor, String limit) {
        return CaseRequests.filter("agent-caller", buyerId, status, kind, assignee, followUp, sort, cursor, limit);
    }

    private static CaseDocument document(String caseId) {
        Case kase = Case.open("shop-1", caseId, ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details(null, "buyer-1", "taobao", null, "破损"), Instant.parse("2026-11-23T08:00:00Z"),
                CaseTest.TARGETS).opened();
        return CaseDocument.empty(kase);
    }

    @Test
    void aVisitNoteIsOptionalButBounded() {
        assertThat(new CaseRequests.Visit(null).validated()).isNull();
        assertThat(new CaseRequests.Visit(" 电话回访，买家满意 ").validated()).isEqualTo("电话回访，买家满意");
        assertThatThrownBy(() -> new CaseRequests.Visit("很".repeat(Requests.MAX_TEXT + 1)).validated())
                .isInstanceOf(InvalidRequestException.class);
    }
}
