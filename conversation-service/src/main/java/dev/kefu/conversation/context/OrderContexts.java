package dev.kefu.conversation.context;

import dev.kefu.platform.bulk.BulkUpdates;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceOrderShipped;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Keeps {@link OrderContext} from marketplace order input. Each update sets only what its event knows, so applying
 * the same event twice, or events out of order, gives the same context: redelivery needs no bookkeeping.
 */
@Service
public class OrderContexts {

    private final ReactiveMongoTemplate mongo;

    public OrderContexts(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<Void> apply(MarketplaceOrderEvent event) {
        return apply(event, new BulkUpdates()).write(mongo);
    }

    /** Adds the updates that keep the order's context from {@code event} to {@code updates}. */
    public BulkUpdates apply(MarketplaceOrderEvent event, BulkUpdates updates) {
        String id = OrderContext.idOf(event.shopId(), event.orderId());
        Update update = new Update().setOnInsert("shopId", event.shopId()).setOnInsert("platform", event.platform())
                .setOnInsert("orderId", event.orderId()).setOnInsert("buyerId", event.buyerId());
        if (event instanceof MarketplaceOrderCreated created) {
            update.set("items", created.items()).set("createdTotal", created.totalAmount())
                    .set("currency", created.currency()).set("createdAt", created.createdAt())
                    .set("shipBy", created.shipBy());
        } else if (event instanceof MarketplaceOrderPaid paid) {
            update.set("paidAt", paid.paidAt()).set("paidAmount", paid.amount()).set("currency", paid.currency());
        } else if (event instanceof MarketplaceOrderFeeModified modified) {
            update.set("modifiedTotal", modified.totalAmount());
        } else if (event instanceof MarketplaceOrderShipped shipped) {
            update.set("shippedAt", shipped.shippedAt()).set("carrier", shipped.carrier())
                    .set("trackingNo", shipped.trackingNo());
        } else if (event instanceof MarketplaceOrderClosed closed) {
            update.set("closedAt", closed.closedAt());
        } else if (event instanceof MarketplaceLogisticsTrace trace) {
            update.set("trackingNo", trace.trackingNo());
            if (trace.carrier() != null) {
                update.set("carrier", trace.carrier());
            }
            if (trace.action() == MarketplaceLogisticsTrace.Action.SIGNED) {
                update.set("deliveredAt", trace.occurredAt());
            }
            return newerScan(id, trace, updates.upsert(OrderContext.class, byId(id), update));
        }
        return updates.upsert(OrderContext.class, byId(id), update);
    }

    public Mono<OrderContext> find(String shopId, String orderId) {
        return mongo.findById(OrderContext.idOf(shopId, orderId), OrderContext.class);
    }

    /** The buyer's most recent order with the shop, the one a question without an order id is most likely about. */
    public Mono<OrderContext> latestOf(String shopId, String buyerId) {
        Query latest = Query.query(Criteria.where("shopId").is(shopId).and("buyerId").is(buyerId))
                .with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(1);
        return mongo.findOne(latest, OrderContext.class);
    }

    /** The order the buyer asks about: the one named, else their latest. */
    public Mono<OrderContext> about(String shopId, String buyerId, String orderId) {
        return orderId != null ? find(shopId, orderId) : latestOf(shopId, buyerId);
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    /** The scan becomes the latest only if it is newer than the stored one: a late older scan changes nothing. */
    private static BulkUpdates newerScan(String id, MarketplaceLogisticsTrace trace, BulkUpdates updates) {
        Criteria older = new Criteria().orOperator(Criteria.where("latestScan").isNull(),
                Criteria.where("latestScan.occurredAt").lt(trace.occurredAt()));
        OrderContext.Scan scan = new OrderContext.Scan(trace.action().name(), trace.description(), trace.location(),
                trace.occurredAt());
        return updates.updateFirst(OrderContext.class, byId(id).addCriteria(older), new Update().set("latestScan", scan));
    }
}
