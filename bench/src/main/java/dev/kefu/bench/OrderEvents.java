package dev.kefu.bench;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceOrderShipped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The inbound order stream the pipeline figure is measured with, as the gateway would write it: per 20 orders, 20
 * {@code order.created}, 19 {@code order.paid}, 6 {@code order.shipped} and 3 {@code logistics.trace} (2.4 events per
 * order). Orders come in chunks: all created, then the paid, then the shipped, then the traces, so one order's events
 * are interleaved with others' as on a marketplace. Ship-by is days away: no delay fires during a run.
 */
public final class OrderEvents {

    public static final int CHUNK = 1000;
    public static final double EVENTS_PER_ORDER = 2.4;
    static final String SOURCE = "/webhooks/" + BenchConfig.SHOP;

    /** One record to produce. */
    public record Emitted(String key, CloudEvent attributes, MarketplaceOrderEvent event) {
    }

    private final String prefix;
    private final int buyers;

    /** Orders are {@code <prefix><n>}; buyer n owns orders n, n + buyers, ... (a few orders each). */
    public OrderEvents(String prefix, int buyers) {
        this.prefix = prefix;
        this.buyers = buyers;
    }

    public static String buyer(int n) {
        return "bench-b" + n;
    }

    public String orderId(long n) {
        return prefix + n;
    }

    /** The events of orders [first, first + count), in the chunked order described above. */
    public List<Emitted> orders(long first, int count, Instant now) {
        List<Emitted> out = new ArrayList<>((int) (count * EVENTS_PER_ORDER) + 1);
        for (long start = first; start < first + count; start += CHUNK) {
            long end = Math.min(first + count, start + CHUNK);
            for (long n = start; n < end; n++) {
                out.add(emit(new MarketplaceOrderCreated(BenchConfig.SHOP, "taobao", orderId(n), buyerOf(n),
                        new BigDecimal("199.00"), "CNY", now, now.plus(Duration.ofDays(3)), List.of())));
            }
            for (long n = start; n < end; n++) {
                if (n % 20 != 0) {
                    out.add(emit(new MarketplaceOrderPaid(BenchConfig.SHOP, "taobao", orderId(n), buyerOf(n),
                            new BigDecimal("199.00"), "CNY", now)));
                }
            }
            for (long n = start; n < end; n++) {
                if (n % 20 >= 1 && n % 20 <= 6) {
                    out.add(emit(new MarketplaceOrderShipped(BenchConfig.SHOP, "taobao", orderId(n), buyerOf(n),
                            "SF", "SF" + n, now)));
                }
            }
            for (long n = start; n < end; n++) {
                if (n % 20 >= 1 && n % 20 <= 3) {
                    out.add(emit(new MarketplaceLogisticsTrace(BenchConfig.SHOP, "taobao", orderId(n), buyerOf(n),
                            "SF", "SF" + n, MarketplaceLogisticsTrace.Action.GOT, "picked up", null, now)));
                }
            }
        }
        return out;
    }

    private String buyerOf(long n) {
        return buyer((int) (n % buyers));
    }

    private static Emitted emit(MarketplaceOrderEvent event) {
        CloudEvent attributes = new CloudEvent(UUID.randomUUID().toString(), EventTypes.of(event.getClass()).name(),
                SOURCE, Instant.now(), event.shopId());
        return new Emitted(event.key(), attributes, event);
    }

    /** Sends them to {@code marketplace.orders} as fast as the producer takes them; returns after the flush. */
    public static void produce(KafkaProducer<String, Object> producer, List<Emitted> events) {
        for (Emitted e : events) {
            ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.MARKETPLACE_ORDERS, e.key(), e.event());
            e.attributes().writeTo(record.headers());
            producer.send(record);
        }
        producer.flush();
    }
}
