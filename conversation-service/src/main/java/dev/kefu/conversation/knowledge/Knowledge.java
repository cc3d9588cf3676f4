package dev.kefu.conversation.knowledge;

import dev.kefu.platform.bulk.BulkUpdates;
import dev.kefu.conversation.context.OrderContext;
import dev.kefu.conversation.intent.Intent;
import dev.kefu.events.order.OrderItem;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop's product facts and promotions, and what suggestions take from them: a product question about an item of
 * the order in context (or a sku named in the message) is answered with the fact it asks for, and a buyer who
 * bargains is offered the promotion valid now (the earliest to end first), never a price cut, never an expired one.
 */
@Service
public class Knowledge {

    /** Tokens that may be a sku named in a message (letters, digits, '-', '_'; at least 4). */
    private static final Pattern SKU_LIKE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{3,63}");
    private static final int SKUS_PER_MESSAGE = 10;

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    public Knowledge(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public Mono<Product> product(String shopId, String sku) {
        return mongo.findById(Product.idOf(shopId, sku), Product.class);
    }

    /** Products by sku after {@code afterSku}; only the incomplete ones (to write) or complete ones when asked. */
    public Flux<Product> products(String shopId, Boolean complete, String afterSku, int limit) {
        Criteria where = Criteria.where("shopId").is(shopId);
        if (complete != null) {
            where = where.and("complete").is(complete);
        }
        if (afterSku != null) {
            where = where.and("sku").gt(afterSku);
        }
        return mongo.find(Query.query(where).with(Sort.by("sku")).limit(limit), Product.class);
    }

    /** Sets a product's facts (replacing the languages given), which makes it complete. */
    public Mono<Product> describe(String shopId, String sku, Map<String, Product.Facts> facts, String by) {
        Update update = new Update().setOnInsert("shopId", shopId).setOnInsert("sku", sku).set("complete", true)
                .set("updatedBy", by).set("updatedAt", clock.instant());
        facts.forEach((language, f) -> update.set("facts." + language, f));
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(Product.idOf(shopId, sku))), update,
                FindAndModifyOptions.options().upsert(true).returnNew(true), Product.class);
    }

    /** Items seen in an order become products to complete, unless the shop described them already. */
    public Mono<Void> seen(String shopId, List<OrderItem> items) {
        return seen(shopId, items, new BulkUpdates()).write(mongo);
    }

    /** Adds to {@code updates} what makes the items sold known as products (to describe), each once. */
    public BulkUpdates seen(String shopId, List<OrderItem> items, BulkUpdates updates) {
        items.stream().filter(item -> item.sku() != null && !item.sku().isBlank())
                .forEach(item -> updates.upsert(Product.class, Query.query(Criteria.where("_id")
                                .is(Product.idOf(shopId, item.sku()))),
                        new Update().setOnInsert("shopId", shopId).setOnInsert("sku", item.sku())
                                .setOnInsert("complete", false).setOnInsert("orderTitle", item.title())
                                .setOnInsert("updatedAt", clock.instant())));
        return updates;
    }

    public Mono<Promotion> promotion(String shopId, String promotionId) {
        return mongo.findById(Promotion.idOf(shopId, promotionId), Promotion.class);
    }

    public Mono<Promotion> savePromotion(Promotion promotion) {
        return mongo.save(promotion);
    }

    public Mono<Boolean> removePromotion(String shopId, String promotionId) {
        return mongo.remove(Query.query(Criteria.where("_id").is(Promotion.idOf(shopId, promotionId))), Promotion.class)
                .map(result -> result.getDeletedCount() > 0);
    }

    /** The promotions not ended at {@code at} (valid now, or to come when {@code validNow} is false), ending first. */
    public Flux<Promotion> promotions(String shopId, Instant at, boolean validNow, int limit) {
        Criteria where = Criteria.where("shopId").is(shopId).and("validUntil").gt(at);
        if (validNow) {
            where = where.and("validFrom").lte(at);
        }
        return mongo.find(Query.query(where).with(Sort.by("validUntil", "_id")).limit(limit), Promotion.class);
    }

    /**
     * The script values a waiting message's suggestions can use: {@code title}, {@code factName}, {@code fact} for a
     * product question the shop has the answer to, {@code promotion} and {@code validUntil} (the promotion's end, as
     * {@code formatEnd} writes it) for bargaining. Empty when there is nothing to quote.
     */
    public Mono<Map<String, String>> valuesFor(String shopId, String text, List<Intent> intents, OrderContext order,
                                               String language, java.util.function.Function<Instant, String> formatEnd) {
        Map<String, String> values = new HashMap<>();
        Mono<Void> fact = Mono.empty();
        if (intents.contains(Intent.PRODUCT_QUESTION)) {
            List<ProductQuestion.Fact> asked = ProductQuestion.asked(text);
            if (!asked.isEmpty()) {
                fact = candidates(shopId, text, order)
                        .concatMap(sku -> product(shopId, sku))
                        .filter(Product::complete)
                        .concatMapIterable(p -> answers(p, asked, language))
                        .next()
                        .doOnNext(values::putAll)
                        .then();
            }
        }
        Mono<Void> offer = !intents.contains(Intent.BARGAINING) ? Mono.empty()
                : promotions(shopId, clock.instant(), true, 1).next()
                .filter(p -> p.textIn(language) != null)
                .doOnNext(p -> {
                    values.put("promotion", p.textIn(language));
                    values.put("validUntil", formatEnd.apply(p.validUntil()));
                })
                .then();
        return fact.then(offer).then(Mono.fromSupplier(() -> values));
    }

    /** The order's items first, then skus named in the message. */
    private static Flux<String> candidates(String shopId, String text, OrderContext order) {
        Set<String> skus = new LinkedHashSet<>();
        if (order != null) {
            order.items().stream().map(OrderItem::sku).filter(s -> s != null && !s.isBlank()).forEach(skus::add);
        }
        Matcher m = SKU_LIKE.matcher(text == null ? "" : text);
        while (m.find() && skus.size() < SKUS_PER_MESSAGE + (order == null ? 0 : order.items().size())) {
            String token = m.group();
            if (token.chars().anyMatch(Character::isDigit)) {
                skus.add(token.toUpperCase(Locale.ROOT));
                skus.add(token);
            }
        }
        return Flux.fromIterable(skus);
    }

    private static List<Map<String, String>> answers(Product p, List<ProductQuestion.Fact> asked, String language) {
        Product.Facts facts = p.factsIn(language);
        List<Map<String, String>> found = new ArrayList<>();
        for (ProductQuestion.Fact f : asked) {
            String value = f.of(facts);
            if (value != null && !value.isBlank()) {
                String title = facts.title() != null ? facts.title() : p.orderTitle() != null ? p.orderTitle() : p.sku();
                found.add(Map.of("title", title, "factName", f.nameIn(language), "fact", value));
            }
        }
        return found;
    }
}
