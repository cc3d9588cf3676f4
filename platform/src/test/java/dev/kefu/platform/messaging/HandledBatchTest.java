package dev.kefu.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandledBatchTest {

    private final List<ConsumerRecord<String, String>> batch = IntStream.range(0, 5)
            .mapToObj(i -> new ConsumerRecord<>("marketplace.orders", 0, 100 + i, "k" + i, "v" + i)).toList();
    private final List<String> alone = new ArrayList<>();

    private final List<String> inBulk = new ArrayList<>();

    @Test
    void aRecordTheBulkLeavesIsAppliedAloneInItsPlaceAndTheBulkGoesOnAfterIt() {
        Handled.awaitBatch(batch, this::bulkUpToV3, this::applyAlone);

        assertThat(inBulk).containsExactly("v0", "v1", "v2", "v4");
        assertThat(alone).containsExactly("v3");
    }

    /** Applies records in bulk up to the first "v3" (one to be applied alone). */
    private Mono<Integer> bulkUpToV3(List<ConsumerRecord<String, String>> records) {
        int applied = 0;
        while (applied < records.size() && !records.get(applied).value().equals("v3")) {
            inBulk.add(records.get(applied++).value());
        }
        return Mono.just(applied);
    }

    @Test
    void afterAFailedBulkTheRestIsAppliedAlone() {
        Handled.awaitBatch(batch, records -> records.size() == batch.size() ? Mono.just(2)
                : Mono.error(new IllegalStateException("an order changed meanwhile")), this::applyAlone);

        assertThat(alone).containsExactly("v2", "v3", "v4");
    }

    @Test
    void aFailedBulkLeavesEveryRecordToBeAppliedAlone() {
        Handled.awaitBatch(batch, records -> Mono.error(new IllegalStateException("an order changed meanwhile")),
                this::applyAlone);

        assertThat(alone).containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @Test
    void aRecordThatFailsAloneFailsTheBatchAtItsIndexWithItsCause() {
        UnprocessableEventException broken = new UnprocessableEventException("already paid");

        assertThatThrownBy(() -> Handled.awaitBatch(batch, records -> Mono.just(records.size() == batch.size() ? 1 : 0), record -> {
            alone.add(record.value());
            return record.offset() == 102 ? Mono.error(broken) : Mono.empty();
        })).isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
            assertThat(e.getIndex()).isEqualTo(2);
            assertThat(e.getCause()).isSameAs(broken);
        });
        assertThat(alone).as("nothing after it yet: it is redelivered after the failed one").containsExactly("v1", "v2");
    }

    @Test
    void aBulkThatAppliesAllLeavesNothingAlone() {
        Handled.awaitBatch(batch, records -> Mono.just(records.size()), this::applyAlone);

        assertThat(alone).isEmpty();
    }

    private Mono<Void> applyAlone(ConsumerRecord<String, String> record) {
        return Mono.fromRunnable(() -> alone.add(record.value()));
    }
}
