package dev.kefu.platform.messaging;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassificationTest {

    @Test
    void anUnavailableDatabaseOrBrokerIsTransient() {
        assertThat(KafkaMessagingAutoConfiguration.isTransient(wrapped(
                new DataAccessResourceFailureException("Timed out while waiting for a server")))).isTrue();
        assertThat(KafkaMessagingAutoConfiguration.isTransient(wrapped(
                new IllegalStateException("Timeout on blocking read", new java.util.concurrent.TimeoutException())))).isTrue();
        assertThat(KafkaMessagingAutoConfiguration.isTransient(wrapped(new TimeoutException("broker")))).isTrue();
        assertThat(KafkaMessagingAutoConfiguration.isTransient(wrapped(
                new OptimisticLockingFailureException("someone else wrote first")))).isTrue();
    }

    @Test
    void aBadRecordIsNot() {
        assertThat(KafkaMessagingAutoConfiguration.isTransient(wrapped(new UnprocessableEventException("already paid")))).isFalse();
        assertThat(KafkaMessagingAutoConfiguration.isTransient(wrapped(new SerializationException("unreadable")))).isFalse();
        assertThat(KafkaMessagingAutoConfiguration.isTransient(wrapped(new DuplicateKeyException("E11000")))).isFalse();
    }

    @Test
    void theDeadLetterReasonNamesTheCauseBelowSpringsWrappers() {
        assertThat(KafkaMessagingAutoConfiguration.reason(wrapped(new UnprocessableEventException("already paid"))))
                .isEqualTo("UnprocessableEventException: already paid");
    }

    private static Exception wrapped(Exception cause) {
        return new ListenerExecutionFailedException("listener failed", cause);
    }
}
