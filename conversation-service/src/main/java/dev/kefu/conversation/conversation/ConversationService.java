package dev.kefu.conversation.conversation;

import dev.kefu.conversation.script.ScriptCatalog;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.text.SentimentLexicon;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps each buyer's conversation: what the buyer wrote, what agents replied, and the proactive messages domain
 * events cause. Every write is idempotent (event-id message ids, $max/$set summary updates), so redelivery is harmless.
 */
@Service
public class ConversationService {

    private static final Map<String, String> CARRIER_FALLBACK = Map.of("zh", "快递公司", "ko", "택배사", "en", "the carrier");

    private final ReactiveMongoTemplate mongo;
    private final ScriptCatalog scripts;
    private final ShopProfiles profiles;
    private final SentimentLexicon lexicon;
    private final EventMetrics metrics;
    private final Clock clock;
    private final Timer firstResponse;

    public ConversationService(ReactiveMongoTemplate mongo, ScriptCatalog scripts, ShopProfiles profiles,
                               EventMetrics metrics, MeterRegistry registry, Clock clock) {
        this.mongo = mongo;
        this.scripts = scripts;
        this.profiles = profiles;
        this.lexicon = SentimentLexicon.standard();
        this.metrics = metrics;
        this.clock = clock;
        // Taobao measures the share of buyers answered within 3 minutes; this is the distribution behind it.
        this.firstResponse = Timer.builder("kefu.conversation.response.time")
                .description("time from the oldest unanswered buyer message to the agent's reply")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Records the proactive message an event calls for, if any, in the buyer's conversation. */
    public Mono<Void> onEvent(CloudEvent attributes, KefuEvent event) {
        return Proactive.forEvent(event)
                .map(proactive -> conversation(event.shopId(), proactive.buyerId())
                        .mapNotNull(Conversation::language)
                        .defaultIfEmpty(profiles.of(event.shopId()).language())
                        .flatMap(language -> {
                            Message message = new Message(attributes.id(), event.shopId(), proactive.buyerId(),
                                    proactive.orderId(), Message.Author.KEFU,
                                    render(event.shopId(), proactive, language), language, proactive.scriptKey(),
                                    proactive.delivery(), attributes.type(), null, false, null, attributes.time());
                            Update summary = new Update().max("lastMessageAt", message.sentAt());
                            if (proactive.needsAttention()) {
                                summary.set("needsAttention", true);
                            }
                            return store(attributes.type(), message, summary);
                        }))
                .orElseGet(Mono::empty);
    }

    /** A buyer wrote: store it once, read its mood, and start the response clock if it is not running. */
    public Mono<Void> buyerWrote(CloudEvent attributes, MarketplaceMessageReceived received) {
        SentimentLexicon.Reading reading = lexicon.read(received.text());
        String language = Language.of(received.text());
        Message message = new Message(received.shopId() + ":" + received.platform() + ":" + received.messageId(),
                received.shopId(), received.buyerId(), received.orderId(), Message.Author.BUYER, received.text(),
                language, null, null, attributes.type(), reading.mood(), reading.escalation(), null, received.sentAt());
        Update summary = new Update()
                .max("lastMessageAt", received.sentAt())
                .max("lastBuyerMessageAt", received.sentAt())
                .set("buyerMood", reading.mood());
        if (language != null) {
            summary.set("language", language);
        }
        if (reading.escalation()) {
            summary.set("needsAttention", true);
        }
        String id = Conversation.idOf(received.shopId(), received.buyerId());
        return store(attributes.type(), message, summary)
                // Not when an agent already answered after it: a redelivered message must not restart the clock.
                .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("awaitingReplySince").isNull()
                                .orOperator(Criteria.where("lastAgentReplyAt").isNull(),
                                        Criteria.where("lastAgentReplyAt").lt(received.sentAt()))),
                        new Update().set("awaitingReplySince", received.sentAt()), Conversation.class))
                .then();
    }

    /** An agent answers, free text or a script; stops the response clock and records how long the buyer waited. */
    public Mono<Message> agentReplied(String shopId, String agentId, String buyerId, String orderId, String text,
                                      String scriptKey, Map<String, String> values) {
        Instant now = clock.instant();
        return conversation(shopId, buyerId)
                .flatMap(conversation -> {
                    String language = conversation.language() != null ? conversation.language()
                            : profiles.of(shopId).language();
                    String body = text;
                    if (scriptKey != null) {
                        Map<String, String> all = new HashMap<>(defaults(shopId, language));
                        all.put("agentName", agentId);
                        all.putAll(values);
                        body = scripts.render(scriptKey, language, all);
                    }
                    Message message = new Message(UUID.randomUUID().toString(), shopId, buyerId, orderId,
                            Message.Author.AGENT, body, language, scriptKey, Proactive.Delivery.SENT, null, null, false,
                            agentId, now);
                    if (conversation.awaitingReplySince() != null) {
                        firstResponse.record(Duration.between(conversation.awaitingReplySince(), now));
                    }
                    // Stop only the clock this reply answers: a buyer message that arrived meanwhile keeps its own.
                    Criteria answered = Criteria.where("_id").is(conversation.id())
                            .and("awaitingReplySince").is(conversation.awaitingReplySince());
                    return mongo.insert(message)
                            .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(conversation.id())),
                                    new Update().max("lastMessageAt", now).set("lastAgentReplyAt", now), Conversation.class))
                            .then(mongo.updateFirst(Query.query(answered), new Update().unset("awaitingReplySince"),
                                    Conversation.class))
                            .thenReturn(message);
                });
    }

    public Mono<Conversation> conversation(String shopId, String buyerId) {
        return mongo.findById(Conversation.idOf(shopId, buyerId), Conversation.class);
    }

    /** The latest {@code limit} messages, oldest first, as a chat window shows them. */
    public Flux<Message> messages(String shopId, String buyerId, int limit) {
        Query latest = Query.query(Criteria.where("shopId").is(shopId).and("buyerId").is(buyerId))
                .with(Sort.by(Sort.Direction.DESC, "sentAt")).limit(limit);
        return mongo.find(latest, Message.class).collectList()
                .flatMapMany(list -> {
                    List<Message> oldestFirst = new ArrayList<>(list);
                    Collections.reverse(oldestFirst);
                    return Flux.fromIterable(oldestFirst);
                });
    }

    /** Conversations whose buyer is waiting for an answer, longest wait first. */
    public Flux<Conversation> awaitingReply(String shopId, int limit) {
        Query waiting = Query.query(Criteria.where("shopId").is(shopId).and("awaitingReplySince").gte(new java.util.Date(0)))
                .with(Sort.by(Sort.Direction.ASC, "awaitingReplySince")).limit(limit);
        return mongo.find(waiting, Conversation.class);
    }

    private Mono<Void> store(String type, Message message, Update summary) {
        String id = Conversation.idOf(message.shopId(), message.buyerId());
        summary.setOnInsert("shopId", message.shopId()).setOnInsert("buyerId", message.buyerId());
        if (!summary.modifies("needsAttention")) {
            summary.setOnInsert("needsAttention", false);
        }
        Mono<Boolean> inserted = mongo.insert(message).thenReturn(true)
                .onErrorResume(DuplicateKeyException.class, e -> Mono.just(false));
        // The summary update runs on duplicates too: it is idempotent, and it may be what a crash left undone.
        return inserted.doOnNext(fresh -> metrics.consumed(type, !fresh))
                .then(mongo.upsert(Query.query(Criteria.where("_id").is(id)), summary, Conversation.class))
                .then();
    }

    private String render(String shopId, Proactive proactive, String language) {
        Map<String, String> values = new HashMap<>(defaults(shopId, language));
        values.putAll(proactive.values());
        return scripts.render(proactive.scriptKey(), language, values);
    }

    private Map<String, String> defaults(String shopId, String language) {
        ShopProfiles.Profile profile = profiles.of(shopId);
        return Map.of("shopName", profile.shopName(), "agentName", profile.agentName(),
                "carrier", CARRIER_FALLBACK.getOrDefault(language, CARRIER_FALLBACK.get("en")));
    }
}
