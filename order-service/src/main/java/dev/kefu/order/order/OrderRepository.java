package dev.kefu.order.order;

import dev.kefu.events.order.ShipmentDelayed;
import org.springframework.data.domain.Limit;
import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

import java.util.Collection;

/**
 * Orders by id, a buyer's orders through the {@code shop_buyer} index, and the shop's delayed ones through
 * {@code shop_delayed}; never a search of the collection.
 */
public interface OrderRepository extends ReactiveMongoRepository<OrderDocument, String> {

    Flux<OrderDocument> findByOrder_ShopIdAndOrder_BuyerIdOrderByOrder_CreatedAtDesc(String shopId, String buyerId,
                                                                                   Limit limit);

    /** Open orders with a reported delay, longest paid first, through the {@code shop_delayed} index. */
    Flux<OrderDocument> findByOrder_ShopIdAndOrder_DelayReportedInAndOrder_StatusInOrderByOrder_PaidAtAsc(
            String shopId, Collection<ShipmentDelayed.Reason> delays, Collection<OrderStatus> statuses, Limit limit);
}
