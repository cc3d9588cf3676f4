package dev.kefu.aftersales.cases;

import dev.kefu.platform.web.InvalidRequestException;
import dev.kefu.platform.web.InvalidRequestException.FieldError;
import dev.kefu.platform.web.Requests;
import dev.kefu.events.aftersales.ComplaintOpened;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
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
    void aListNeedsABuyerAStatusOrAFollowUp() {
        assertThat(CaseRequests.filter("buyer-1", null, null, null))
                .isEqualTo(new CaseRequests.Filter("buyer-1", null, null, 50));
        assertThat(CaseRequests.filter(null, "OPEN", null, "200"))
                .isEqualTo(new CaseRequests.Filter(null, CaseStatus.OPEN, null, 200));
        assertThat(CaseRequests.filter(null, null, "due", " 7 "))
                .isEqualTo(new CaseRequests.Filter(null, null, FollowUp.Status.DUE, 7));
        assertThatThrownBy(() -> CaseRequests.filter(null, null, null, null)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("buyerId or status or followUp is required");
        assertThatThrownBy(() -> CaseRequests.filter("buyer-1", "DONE", null, null))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("status must be one of");
    }

    @Test
    void anUnknownFollowUpOrALimitOutOfRangeIsNamed() {
        assertThatThrownBy(() -> CaseRequests.filter(null, null, "SOON", null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> {
                            assertThat(error.field()).isEqualTo("followUp");
                            assertThat(error.reason()).contains("DUE", "VISITED", "ANSWERED");
                        }));
        for (String limit : List.of("0", "201", "-1", "abc", "1.5")) {
            assertThatThrownBy(() -> CaseRequests.filter(null, "OPEN", null, limit)).as(limit)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("limit"));
        }
        assertThatThrownBy(() -> CaseRequests.filter(null, "RESOLVED", "DUE", null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("followUp"));
    }

    @Test
    void aVisitNoteIsOptionalButBounded() {
        assertThat(new CaseRequests.Visit(null).validated()).isNull();
        assertThat(new CaseRequests.Visit(" 电话回访，买家满意 ").validated()).isEqualTo("电话回访，买家满意");
        assertThatThrownBy(() -> new CaseRequests.Visit("很".repeat(Requests.MAX_TEXT + 1)).validated())
                .isInstanceOf(InvalidRequestException.class);
    }
}
