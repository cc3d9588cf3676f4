package dev.kefu.platform.messaging;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticMembershipTest {

    @Test
    void eachListenerOfAProcessHasItsOwnInstanceIdStableOverRestarts() {
        assertThat(StaticMembershipAutoConfiguration.groupInstanceId("conversation-service-0",
                "org.springframework.kafka.KafkaListenerEndpointContainer#2")).isEqualTo("conversation-service-0-2");
        assertThat(StaticMembershipAutoConfiguration.groupInstanceId("order-1", "orders listener#1"))
                .isEqualTo("order-1-orders_listener_1");
    }

    @Test
    void anInstanceIdTheBrokerWouldRefuseFailsTheStart() {
        MockEnvironment env = new MockEnvironment().withProperty("kefu.kafka.instance-id", "pod/with spaces");
        assertThatThrownBy(() -> new StaticMembershipAutoConfiguration().staticMembership(env))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kefu.kafka.instance-id");
    }
}
