package dev.kefu.conversation.desk;

import dev.kefu.conversation.intent.Intent;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTest {

    @Test
    void returnRefundAndComplaintTalkIsAfterSaleAndStaysSo() {
        assertThat(Routing.routeOf(null, List.of(Intent.PRODUCT_QUESTION))).isEqualTo(DeskRole.PRE_SALE);
        assertThat(Routing.routeOf(DeskRole.PRE_SALE, List.of(Intent.RETURN_REFUND))).isEqualTo(DeskRole.AFTER_SALE);
        assertThat(Routing.routeOf(null, List.of(Intent.GREETING, Intent.COMPLAINT))).isEqualTo(DeskRole.AFTER_SALE);
        assertThat(Routing.routeOf(DeskRole.AFTER_SALE, List.of(Intent.GREETING))).as("sticky until closed")
                .isEqualTo(DeskRole.AFTER_SALE);
    }

    @Test
    void aRoleWithNobodyOnlineIsCoveredByTheOtherButAFullOneMakesTheBuyerWait() {
        Set<DeskRole> both = EnumSet.of(DeskRole.PRE_SALE, DeskRole.AFTER_SALE);
        assertThat(Routing.servedBy(DeskRole.AFTER_SALE, both)).containsExactly(DeskRole.AFTER_SALE);
        assertThat(Routing.servedBy(DeskRole.PRE_SALE, both)).containsExactly(DeskRole.PRE_SALE);
        assertThat(Routing.servedBy(DeskRole.AFTER_SALE, EnumSet.of(DeskRole.PRE_SALE))).containsExactly(DeskRole.PRE_SALE);
        assertThat(Routing.servedBy(DeskRole.PRE_SALE, EnumSet.of(DeskRole.AFTER_SALE))).containsExactly(DeskRole.AFTER_SALE);
    }

    @Test
    void capacityIsBetweenZeroAndFifty() {
        assertThat(Routing.invalidCapacity(0)).isNull();
        assertThat(Routing.invalidCapacity(50)).isNull();
        assertThat(Routing.invalidCapacity(-1)).contains("between 0 and 50");
        assertThat(Routing.invalidCapacity(51)).contains("between 0 and 50");
    }
}
