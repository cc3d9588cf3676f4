package dev.kefu.order.order;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

import java.time.Instant;

public interface OrderRepository extends ReactiveMongoRepository<OrderDocument, String> {

    Flux<OrderDocument> findByOrder_ShopIdAndOrder_BuyerIdOrderByOrder_CreatedAtDesc(String shopId, String buyerId);

    /** Candidates for a delay check: still in transit, not yet reported. */
    Flux<OrderDocument> findByOrder_StatusInAndOrder_DelayReportedIsNullAndOrder_PaidAtBefore(
            java.util.Collection<OrderStatus> statuses, Instant paidBefore);
}
