package dev.kefu.order.customer;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerFileTest {

    private static final Instant AT = Instant.parse("2026-12-01T02:00:00Z");
    private final AtomicInteger ids = new AtomicInteger();
    private final CustomerFile.IdSource idSource = () -> "n" + ids.incrementAndGet();

    @Test
    void paidOrdersAddUpPerCurrencyAndTheFirstAndLastFollowThePaymentTimesWhateverTheArrivalOrder() {
        CustomerFile file = CustomerFile.empty("shop-bags", "tb_b1")
                .paid("TB2", new BigDecimal("199.00"), "CNY", AT.plusSeconds(3600))
                .paid("TB1", new BigDecimal("59.90"), "CNY", AT)
                .paid("TB3", new BigDecimal("20"), "USD", AT.plusSeconds(7200));

        assertThat(file.paidOrders()).isEqualTo(3);
        assertThat(file.totalSpent()).containsEntry("CNY", "258.90").containsEntry("USD", "20");
        assertThat(file.firstOrder().orderId()).isEqualTo("TB1");
        assertThat(file.lastOrder().orderId()).isEqualTo("TB3");
        assertThat(CustomerFile.idOf("shop-bags", "tb_b1")).isEqualTo("shop-bags|tb_b1");
    }

    @Test
    void ordersPaidAtTheSameInstantMakeTheSameFileInEitherArrivalOrder() {
        CustomerFile one = CustomerFile.empty("shop-bags", "tb_b1")
                .paid("TB1", new BigDecimal("10"), "CNY", AT).paid("TB2", new BigDecimal("20"), "CNY", AT);
        CustomerFile other = CustomerFile.empty("shop-bags", "tb_b1")
                .paid("TB2", new BigDecimal("20"), "CNY", AT).paid("TB1", new BigDecimal("10"), "CNY", AT);

        assertThat(one).isEqualTo(other); // a rebuild from Kafka reads the partitions in an order of its own
        assertThat(one.firstOrder().orderId()).isEqualTo("TB1");
        assertThat(one.lastOrder().orderId()).isEqualTo("TB2");
    }

    @Test
    void everyChangeAnAgentMakesIsRecordedWithWhoAndWhenAndWhat() {
        CustomerFile file = CustomerFile.empty("shop-bags", "tb_b1").edit(new CustomerFile.Edit(List.of("VIP", "爱砍价"),
                null, List.of("喜欢黑色款"), null, List.of("包裹里不要放发票"), null), "agent-8", AT, idSource);
        CustomerFile next = file.edit(new CustomerFile.Edit(List.of("VIP"), List.of("爱砍价"), null, List.of("n1"), null,
                null), "agent-9", AT.plusSeconds(60), idSource);

        assertThat(next.tags()).containsExactly("VIP");
        assertThat(next.notes()).isEmpty();
        assertThat(next.specialRequests()).extracting(CustomerFile.Entry::text).containsExactly("包裹里不要放发票");
        assertThat(next.specialRequests().get(0).by()).isEqualTo("agent-8");
        assertThat(next.changes()).extracting(c -> c.by() + " " + c.action() + " " + c.field() + " " + c.value())
                .containsExactly("agent-8 ADDED tags VIP", "agent-8 ADDED tags 爱砍价", "agent-8 ADDED notes 喜欢黑色款",
                        "agent-8 ADDED specialRequests 包裹里不要放发票", "agent-9 REMOVED tags 爱砍价",
                        "agent-9 REMOVED notes 喜欢黑色款");
        assertThat(next.changesTotal()).isEqualTo(6);
        assertThat(next.updatedAt()).isEqualTo(AT.plusSeconds(60));
        // a tag it has and a note it has not: nothing changes, nothing is recorded
        assertThat(next.edit(new CustomerFile.Edit(List.of("VIP"), null, null, List.of("zz"), null, null), "a", AT,
                idSource)).isSameAs(next);
    }

    @Test
    void aPhoneNumberAnAgentTypesIsMaskedBeforeItIsKeptOrRecorded() {
        CustomerFile file = CustomerFile.empty("shop-bags", "tb_b1").edit(new CustomerFile.Edit(List.of("13812348000"),
                null, List.of("到了先打13812348000"), null, List.of("배송 전 010-1234-5678로 연락"), null), "agent-8", AT,
                idSource);

        assertThat(file.tags()).containsExactly("138****8000");
        assertThat(file.notes()).extracting(CustomerFile.Entry::text).containsExactly("到了先打138****8000");
        assertThat(file.specialRequests()).extracting(CustomerFile.Entry::text).containsExactly("배송 전 010-****-5678로 연락");
        assertThat(file.changes()).extracting(CustomerFile.Change::value)
                .containsExactly("138****8000", "到了先打138****8000", "배송 전 010-****-5678로 연락");
    }

    @Test
    void theFileKeepsItsLimitsAndOnlyTheLatestChanges() {
        CustomerFile file = CustomerFile.empty("s", "b");
        for (int i = 0; i < CustomerFile.MAX_TAGS; i++) {
            file = file.edit(new CustomerFile.Edit(List.of("t" + i), null, null, null, null, null), "a", AT, idSource);
        }
        CustomerFile full = file;
        assertThatThrownBy(() -> full.edit(new CustomerFile.Edit(List.of("one-more"), null, null, null, null, null),
                "a", AT, idSource))
                .isInstanceOfSatisfying(CustomerFile.LimitExceeded.class, e -> assertThat(e.field()).isEqualTo("addTags"));
        for (int i = 0; i < CustomerFile.KEPT_CHANGES; i++) { // remove one, add it back
            file = file.edit(new CustomerFile.Edit(null, List.of("t0"), null, null, null, null), "a", AT, idSource);
            file = file.edit(new CustomerFile.Edit(List.of("t0"), null, null, null, null, null), "a", AT, idSource);
        }
        assertThat(file.changes()).hasSize(CustomerFile.KEPT_CHANGES);
        assertThat(file.changesTotal()).isEqualTo(CustomerFile.MAX_TAGS + 2L * CustomerFile.KEPT_CHANGES);
    }
}
