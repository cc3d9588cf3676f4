package dev.kefu.order.customer;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.platform.messaging.EventMetrics;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.util.UUID;

/**
 * Customer files: counted up from {@code order-paid} (order-service's own event, read back by its own consumer group),
 * once per event id, and edited by agents. Each write is one document, guarded by its version; a lost race (another
 * replica, an agent and an order at once, two first writes) is decided again on a fresh read.
 */
@Service
public class CustomerFiles {

    private static final int WRITE_ATTEMPTS = 8;

    private final CustomerFileRepository files;
    private final EventMetrics metrics;
    private final Clock clock;

    CustomerFiles(CustomerFileRepository files, EventMetrics metrics, Clock clock) {
        this.files = files;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Adds a paid order to its buyer's file, unless this event was counted already. */
    public Mono<Void> paid(CloudEvent attributes, OrderPaid paid) {
        return Mono.defer(() -> load(paid.shopId(), paid.buyerId()).flatMap(stored -> {
                    if (stored.hasApplied(attributes.id())) {
                        metrics.consumed(attributes.type(), true);
                        return Mono.<Void>empty();
                    }
                    CustomerFile next = stored.file().paid(paid.orderId(), paid.amount(), paid.currency(), paid.paidAt());
                    return files.save(stored.next(next, attributes.id()))
                            .doOnSuccess(saved -> metrics.consumed(attributes.type(), false)).then();
                }))
                .retryWhen(races());
    }

    /** The buyer's file in the shop; empty when the shop has no such buyer's file. */
    public Mono<CustomerFile> file(String shopId, String buyerId) {
        return files.findById(CustomerFile.idOf(shopId, buyerId)).map(CustomerFileDocument::file);
    }

    /** An agent's edit of the file (a buyer without one gets a file with their first note, tag or request). */
    public Mono<CustomerFile> edit(String shopId, String buyerId, CustomerFile.Edit edit, String agentId) {
        return Mono.defer(() -> load(shopId, buyerId).flatMap(stored -> {
                    CustomerFile next = stored.file().edit(edit, agentId, clock.instant(),
                            () -> UUID.randomUUID().toString());
                    if (next == stored.file()) {
                        return Mono.just(next);
                    }
                    return files.save(stored.next(next, null)).map(CustomerFileDocument::file);
                }))
                .retryWhen(races());
    }

    private Mono<CustomerFileDocument> load(String shopId, String buyerId) {
        return files.findById(CustomerFile.idOf(shopId, buyerId))
                .defaultIfEmpty(CustomerFileDocument.empty(shopId, buyerId));
    }

    private static Retry races() {
        return Retry.max(WRITE_ATTEMPTS - 1).filter(e -> e instanceof OptimisticLockingFailureException
                || e instanceof DuplicateKeyException);
    }
}
