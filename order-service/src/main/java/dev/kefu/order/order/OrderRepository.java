package dev.kefu.order.order;

import org.springframework.data.domain.Limit;
import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

/** Orders by id, and a buyer's orders through the {@code shop_buyer} index; never a search of the collection. */
public interface OrderRepository extends ReactiveMongoRepository<OrderDocument, String> {

    Flux<OrderDocument> findByOrder_ShopIdAndOrder_BuyerIdOrderByOrder_CreatedAtDesc(String shopId, String buyerId,
                                                                                   Limit limit);
}
