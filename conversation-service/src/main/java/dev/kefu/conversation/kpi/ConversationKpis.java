package dev.kefu.conversation.kpi;

import dev.kefu.conversation.context.OrderContext;
import dev.kefu.conversation.conversation.Message;
import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.kpi.Ratio;
import dev.kefu.platform.shop.ShopSettings;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The response and conversion figures of a period, from stored facts (replies that ended a wait, buyer messages,
 * the order read model), so replaying the topics rebuilds them. Reads only the period's replies
 * ({@code shop_answered}) and buyer messages ({@code shop_author_sent}), and each inquiring buyer's orders.
 * <ul>
 *   <li>{@code threeMinuteResponseRate}: replies that ended a wait within 180 s, of all that ended one (the
 *       marketplace's 3分钟响应率);</li>
 *   <li>{@code firstResponseAverageSeconds}, {@code firstResponseP90Seconds}: the wait before the first reply a buyer
 *       got (nearest rank);</li>
 *   <li>{@code conversationsHandled}: buyers answered;</li>
 *   <li>{@code inquiryConversionRate} (询单转化率): buyers who wrote (the shop) or whom the agent answered, who then
 *       paid an order within 24 h of their first message (of the agent's first reply);</li>
 *   <li>{@code byHour}: the 3-minute rate of the replies whose wait began in each local hour of the day (the shop's
 *       time zone; only hours with replies; over several days an hour adds up its days), so a work summary can say
 *       in which hours the shop answered late;</li>
 *   <li>{@code longestWaits}: the {@value #LONGEST_WAITS} longest waits a reply ended (buyer, seconds, since, answered,
 *       by whom), longest first.</li>
 * </ul>
 */
@Component
public class ConversationKpis {

    public static final Duration THREE_MINUTES = Duration.ofMinutes(3);
    public static final Duration CONVERSION_WINDOW = Duration.ofHours(24);
    /** Orders of one buyer looked at for a payment (the newest). */
    private static final int ORDERS_PER_BUYER = 20;
    public static final int LONGEST_WAITS = 3;

    public record Figures(long conversationsHandled, Ratio threeMinuteResponseRate, Double firstResponseAverageSeconds,
                          Double firstResponseP90Seconds, Ratio inquiryConversionRate, List<HourFigures> byHour,
                          List<Wait> longestWaits) {
    }

    /** The replies whose wait began in local hour {@code hour} (0-23) and the share of them within three minutes. */
    public record HourFigures(int hour, Ratio threeMinuteResponseRate) {
    }

    /** A wait a reply ended: whose, how long (seconds), since when, when answered and by whom. */
    public record Wait(String buyerId, long waitedSeconds, Instant since, Instant answeredAt, String agentId) {
    }

    /** {@code shop} is null when the query is one agent's. */
    public record Answer(Figures shop, Map<String, Figures> agents) {
    }

    private final ReactiveMongoTemplate mongo;
    private final ShopSettings shops;

    public ConversationKpis(ReactiveMongoTemplate mongo, ShopSettings shops) {
        this.mongo = mongo;
        this.shops = shops;
    }

    public Mono<Answer> of(KpiQuery query) {
        Criteria replies = Criteria.where("shopId").is(query.shopId()).and("answeredAt").gte(query.from()).lt(query.to());
        if (!query.wholeShop() && query.agentId() != null) {
            replies = replies.and("agentId").is(query.agentId());
        }
        Mono<List<ResponseFact>> facts = mongo.find(Query.query(replies).with(Sort.by("answeredAt")), ResponseFact.class)
                .collectList();
        Mono<Map<String, Instant>> inquiries = query.wholeShop() ? firstMessages(query) : Mono.just(Map.of());
        return Mono.zip(facts, inquiries).flatMap(t -> {
            List<ResponseFact> all = t.getT1();
            ZoneId zone = shops.of(query.shopId()).timeZone();
            Map<String, Group> agents = new TreeMap<>();
            Group shop = new Group(zone);
            for (ResponseFact fact : all) {
                shop.add(fact);
                if (query.includes(fact.agentId())) {
                    agents.computeIfAbsent(fact.agentId(), a -> new Group(zone)).add(fact);
                }
            }
            shop.inquiries = t.getT2(); // the shop's inquiries are every buyer who wrote, answered or not
            return (query.wholeShop() ? shop.figures(this, query.shopId()) : Mono.<Figures>empty())
                    .map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMap(shopFigures -> Flux.fromIterable(agents.entrySet())
                            .concatMap(e -> e.getValue().figures(this, query.shopId()).map(f -> Map.entry(e.getKey(), f)))
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                            .map(byAgent -> new Answer(shopFigures.orElse(null), byAgent)));
        });
    }

    /** Each buyer who wrote in the period, with their first message in it. */
    private Mono<Map<String, Instant>> firstMessages(KpiQuery query) {
        Query buyers = Query.query(Criteria.where("shopId").is(query.shopId()).and("author").is(Message.Author.BUYER.name())
                .and("sentAt").gte(query.from()).lt(query.to()));
        buyers.fields().include("buyerId").include("sentAt");
        return mongo.find(buyers, Document.class, Message.COLLECTION)
                .collect(HashMap::new, (first, m) -> first.merge(m.getString("buyerId"), m.getDate("sentAt").toInstant(),
                        (a, b) -> a.isBefore(b) ? a : b));
    }

    /** Whether the buyer paid an order within the window after {@code from}. */
    private Mono<Boolean> paidWithin(String shopId, String buyerId, Instant from) {
        Query orders = Query.query(Criteria.where("shopId").is(shopId).and("buyerId").is(buyerId))
                .with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(ORDERS_PER_BUYER);
        Instant until = from.plus(CONVERSION_WINDOW);
        return mongo.find(orders, OrderContext.class)
                .any(o -> o.paidAt() != null && !o.paidAt().isBefore(from) && !o.paidAt().isAfter(until));
    }

    /** The facts of the shop or of one agent. */
    private static final class Group {
        /** Each buyer answered, with the first reply they got in the period. */
        final Map<String, Instant> answered = new HashMap<>();
        /** Each inquiring buyer with the time their conversion window opens. */
        Map<String, Instant> inquiries = answered;
        long replies;
        long withinThreeMinutes;
        final List<Long> firstWaits = new ArrayList<>();
        final ZoneId zone;
        /** Per local hour: replies, of them within three minutes. */
        final long[][] hours = new long[24][2];
        final List<ResponseFact> longest = new ArrayList<>();

        Group(ZoneId zone) {
            this.zone = zone;
        }

        void add(ResponseFact fact) {
            replies++;
            boolean quick = fact.waitedMillis() <= THREE_MINUTES.toMillis();
            if (quick) {
                withinThreeMinutes++;
            }
            Instant began = fact.waitingSince() != null ? fact.waitingSince() : fact.answeredAt();
            long[] hour = hours[began.atZone(zone).getHour()];
            hour[0]++;
            hour[1] += quick ? 1 : 0;
            longest.add(fact);
            longest.sort(Comparator.comparingLong(ResponseFact::waitedMillis).reversed()
                    .thenComparing(ResponseFact::answeredAt));
            if (longest.size() > LONGEST_WAITS) {
                longest.remove(LONGEST_WAITS);
            }
            if (fact.first()) {
                firstWaits.add(fact.waitedMillis());
            }
            answered.merge(fact.buyerId(), fact.answeredAt(), (a, b) -> a.isBefore(b) ? a : b);
        }

        Mono<Figures> figures(ConversationKpis kpis, String shopId) {
            return Flux.fromIterable(inquiries.entrySet())
                    .flatMap(e -> kpis.paidWithin(shopId, e.getKey(), e.getValue()), 8)
                    .filter(paid -> paid).count()
                    .map(converted -> new Figures(answered.size(), Ratio.of(withinThreeMinutes, replies), average(),
                            p90(), Ratio.of(converted, inquiries.size()), byHour(), longestWaits()));
        }

        private List<HourFigures> byHour() {
            List<HourFigures> byHour = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                if (hours[h][0] > 0) {
                    byHour.add(new HourFigures(h, Ratio.of(hours[h][1], hours[h][0])));
                }
            }
            return byHour;
        }

        private List<Wait> longestWaits() {
            return longest.stream().map(f -> new Wait(f.buyerId(), f.waitedMillis() / 1000, f.waitingSince(),
                    f.answeredAt(), f.agentId())).toList();
        }

        private Double average() {
            return firstWaits.isEmpty() ? null
                    : firstWaits.stream().mapToLong(Long::longValue).average().orElseThrow() / 1000.0;
        }

        /** Nearest rank: the smallest wait at least 90 % of first replies did not exceed. */
        private Double p90() {
            if (firstWaits.isEmpty()) {
                return null;
            }
            List<Long> sorted = new ArrayList<>(firstWaits);
            Collections.sort(sorted);
            return sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1) / 1000.0;
        }
    }
}
