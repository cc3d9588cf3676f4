package dev.kefu.conversation.conversation;

import dev.kefu.conversation.conduct.ConductGuard;
import dev.kefu.conversation.conduct.Violation;
import dev.kefu.conversation.context.OrderContext;
import dev.kefu.conversation.context.OrderContexts;
import dev.kefu.conversation.desk.Assignments;
import dev.kefu.conversation.desk.DeskRole;
import dev.kefu.conversation.desk.Routing;
import dev.kefu.conversation.knowledge.Knowledge;
import dev.kefu.conversation.kpi.ResponseFact;
import dev.kefu.conversation.transcript.Transcripts;
import dev.kefu.conversation.intent.Intent;
import dev.kefu.conversation.intent.IntentClassifier;
import dev.kefu.conversation.script.ScriptCatalog;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.events.inbound.MarketplaceMessageDelivered;
import dev.kefu.events.inbound.MarketplaceMessageFailed;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.order.PaymentReminderDue;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.platform.bulk.BulkUpdates;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.security.Agent;
import dev.kefu.platform.shop.ShopSettings;
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
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps each buyer's conversation and speaks to the buyer: what the buyer wrote (with its intents and mood), what
 * agents replied, the proactive messages domain events cause, the greeting a waiting buyer gets within the shop's
 * first-response target, and automatic answers. Every message to the buyer is queued as a {@code message-outbound}
 * event in the same write as the message itself, and its status follows the integration's reports.
 * Every write is idempotent (event-derived message ids, $max/$set summary updates), so redelivery is harmless.
 */
@Service
public class ConversationService {

    /** Due-work queue of greetings: key = conversation id, due when the buyer's first-response target ends. */
    public static final String GREETING = "conversation.greeting";
    /** Due-work queue of response targets: key = conversation id, due when a person's reply falls due. */
    public static final String RESPONSE_TARGET = "conversation.response-target";
    static final String SOURCE = "/conversation-service";

    private final ReactiveMongoTemplate mongo;
    private final ScriptCatalog scripts;
    private final ShopSettings shops;
    private final OrderContexts orders;
    private final OutboxRelay outbox;
    private final DueWork due;
    private final Assignments assignments;
    private final Transcripts transcripts;
    private final Knowledge knowledge;
    private final SentimentLexicon lexicon = SentimentLexicon.standard();
    private final IntentClassifier intents = IntentClassifier.standard();
    private final ConductGuard conduct = ConductGuard.standard();
    private final EventMetrics metrics;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Timer greetingDelay;

    public ConversationService(ReactiveMongoTemplate mongo, ScriptCatalog scripts, ShopSettings shops,
                               OrderContexts orders, OutboxRelay outbox, DueWork due, EventMetrics metrics,
                               MeterRegistry registry, Clock clock, Assignments assignments, Transcripts transcripts,
                               Knowledge knowledge) {
        this.mongo = mongo;
        this.scripts = scripts;
        this.shops = shops;
        this.orders = orders;
        this.outbox = outbox;
        this.due = due;
        this.assignments = assignments;
        this.transcripts = transcripts;
        this.knowledge = knowledge;
        this.metrics = metrics;
        this.clock = clock;
        this.registry = registry;
        this.greetingDelay = Timer.builder("kefu.conversation.greeting.delay")
                .description("time from a waiting buyer's message to Kefu's greeting (target: the shop's first-response target)")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Records the proactive message an event calls for, if any, in the buyer's conversation, and queues it. */
    public Mono<Void> onEvent(CloudEvent attributes, KefuEvent event) {
        return Proactive.forEvent(event)
                .map(proactive -> stillCalledFor(event, proactive).flatMap(called -> !called ? Mono.<Void>empty()
                        : language(event.shopId(), proactive.buyerId()).flatMap(language -> {
                    ShopSettings.Resolved shop = shops.of(event.shopId());
                    Map<String, String> values = ScriptValues.of(shop, language);
                    values.putAll(proactive.values());
                    Optional.ofNullable(ScriptValues.items(proactive.items(), language))
                            .ifPresent(items -> values.put("items", items));
                    Message message = Message.toBuyer(attributes.id(), event.shopId(), proactive.buyerId(),
                            proactive.orderId(), Message.Author.KEFU,
                            scripts.render(proactive.scriptKey(), language, values), language,
                            proactive.scriptKey(), proactive.draft() ? Message.Status.SUGGESTED : Message.Status.QUEUED,
                            attributes.type(), null, null, attributes.time());
                    Update summary = new Update().max("lastMessageAt", message.sentAt());
                    if (proactive.needsAttention()) {
                        summary.set("needsAttention", true);
                    }
                    return store(attributes.type(), message, proactive.platform(), summary);
                })))
                .orElseGet(() -> knowBuyer(event))
                .then(event instanceof ComplaintOpened complaint
                        ? assignments.afterSale(complaint.shopId(), complaint.buyerId()) : Mono.empty());
    }

    /**
     * Marketplace order input: kept as the order's context (what suggestions and scripts are filled from); a new order
     * makes its buyer known, a price change or a changed address is told to the buyer.
     */
    public Mono<Void> orderInput(CloudEvent attributes, MarketplaceOrderEvent event) {
        BulkUpdates updates = new BulkUpdates();
        if (orderInput(event, updates)) {
            return updates.write(mongo);
        }
        return orders.apply(event).then(onEvent(attributes, event));
    }

    /**
     * Applies a poll batch of marketplace order input in one bulk write per collection it touches (the orders'
     * context, the conversations, the products), as {@link #orderInput} applies each. Answers how many inputs from the
     * front it applied: it stops before one that calls for a message to the buyer, to be applied alone.
     */
    public Mono<Integer> orderInputs(List<MarketplaceOrderEvent> events) {
        BulkUpdates updates = new BulkUpdates();
        int applied = 0;
        while (applied < events.size() && orderInput(events.get(applied), updates)) {
            applied++;
        }
        return updates.write(mongo).thenReturn(applied);
    }

    /**
     * Adds to {@code updates} what {@code event} changes, unless it calls for a message to the buyer (then nothing is
     * added and the answer is false): all of it updates that give the same result applied twice or out of order.
     */
    private boolean orderInput(MarketplaceOrderEvent event, BulkUpdates updates) {
        boolean newOrPaid = event instanceof MarketplaceOrderCreated || event instanceof MarketplaceOrderPaid;
        if (!newOrPaid && Proactive.forEvent(event).isPresent()) {
            return false;
        }
        orders.apply(event, updates);
        if (newOrPaid) {
            knowBuyer(event.shopId(), event.buyerId(), event.platform(), updates);
        }
        if (event instanceof MarketplaceOrderPaid) {
            countPaid(event.shopId(), event.buyerId(), event.orderId(), updates);
        }
        if (event instanceof MarketplaceOrderCreated created && created.items() != null) {
            knowledge.seen(created.shopId(), created.items(), updates); // items to describe
        }
        return true;
    }

    /**
     * One more paid order of the buyer, counted once per order: the write matches only while the order's id is not
     * among those counted, so a redelivered or replayed payment changes nothing.
     */
    private static void countPaid(String shopId, String buyerId, String orderId, BulkUpdates updates) {
        Query notCounted = Query.query(Criteria.where("_id").is(Conversation.idOf(shopId, buyerId))
                .and("paidOrderIds").ne(orderId));
        Update count = new Update().inc("paidOrders", 1)
                .push("paidOrderIds").slice(-Conversation.KEPT_PAID_ORDER_IDS).each(orderId);
        updates.updateFirst(Conversation.class, notCounted, count);
    }

    /**
     * The buyer is known to the shop from now on (an order, a review, a case), so an agent may write first.
     * Events that carry a buyer but call for no message only leave this mark.
     */
    public Mono<Void> knowBuyer(String shopId, String buyerId, String platform) {
        return knowBuyer(shopId, buyerId, platform, new BulkUpdates()).write(mongo);
    }

    private static BulkUpdates knowBuyer(String shopId, String buyerId, String platform, BulkUpdates updates) {
        return updates.upsert(Conversation.class, Query.query(Criteria.where("_id").is(Conversation.idOf(shopId, buyerId))),
                newConversation(new Update(), shopId, buyerId, platform));
    }

    /**
     * A buyer wrote: store it once with its intents and mood, start the response clock if it is not running, and
     * make sure they hear from the shop within its first-response target (the greeting, or the away message).
     */
    public Mono<Void> buyerWrote(CloudEvent attributes, MarketplaceMessageReceived received) {
        SentimentLexicon.Reading reading = lexicon.read(received.text());
        List<Intent> classified = intents.classify(received.text());
        String language = Language.of(received.text());
        Message message = Message.fromBuyer(
                received.shopId() + ":" + received.platform() + ":" + received.messageId(), received.shopId(),
                received.buyerId(), received.orderId(), received.text(), language, classified, reading,
                attributes.type(), received.sentAt());
        Update summary = new Update()
                .max("lastMessageAt", received.sentAt())
                .max("lastBuyerMessageAt", received.sentAt())
                .set("buyerMood", reading.mood());
        if (language != null) {
            summary.set("language", language).addToSet("languages", language);
        }
        if (reading.escalation()) {
            summary.set("needsAttention", true);
        }
        if (Routing.routeOf(null, classified) == DeskRole.AFTER_SALE) {
            summary.set("route", DeskRole.AFTER_SALE); // served by after-sale agents until the conversation closes
        }
        ShopSettings.Resolved shop = shops.of(received.shopId());
        String id = Conversation.idOf(received.shopId(), received.buyerId());
        return store(attributes.type(), message, received.platform(), summary)
                // Not when an agent already answered after it: a redelivered message must not restart the clock.
                .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("awaitingReplySince").isNull()
                                .orOperator(Criteria.where("lastAgentReplyAt").isNull(),
                                        Criteria.where("lastAgentReplyAt").lt(received.sentAt()))),
                        new Update().set("awaitingReplySince", received.sentAt()), Conversation.class))
                // Scheduled after the write, which the greeting reads (an item due at once could otherwise find the
                // buyer not yet waiting and be dropped); the offset is committed only after this, so a crash before
                // it redelivers the message and schedules again.
                .then(conversation(received.shopId(), received.buyerId()))
                .flatMap(written -> scheduleGreeting(written, id, received.sentAt(), shop)
                        .then(scheduleResponseTarget(written, shop))
                        .then(assignments.queue(written)))
                .then(autoAnswer(message, received.platform(), shop, language));
    }

    /**
     * The greeting due for a conversation, if it still is (the {@value #GREETING} queue): the buyer is still waiting, was not
     * greeted within the window by anyone, and the first-response target has come. Inside business hours it is the
     * shop's greeting, outside them the away message saying when agents are back. Answers when to look again (the
     * item came early), or empty.
     */
    public Mono<Instant> greetIfDue(String conversationId) {
        return mongo.findById(conversationId, Conversation.class).flatMap(c -> {
            ShopSettings.Resolved shop = shops.of(c.shopId());
            Instant now = clock.instant();
            Greeting greeting = Greeting.due(c, shop, now);
            if (greeting.kind() == Greeting.Kind.NONE) {
                return Mono.empty();
            }
            if (greeting.kind() == Greeting.Kind.LATER) {
                return Mono.just(greeting.at());
            }
            String language = c.language() != null ? c.language() : shop.language();
            Map<String, String> values = ScriptValues.of(shop, language);
            if (greeting.kind() == Greeting.Kind.AWAY) {
                values.put("backAt", ScriptValues.time(greeting.at(), shop.timeZone(), language));
            }
            // One greeting per waiting episode, whichever replica or retry gets here: the id is the episode's.
            Message message = Message.toBuyer("greeting:" + c.id() + ":" + c.awaitingReplySince().toEpochMilli(),
                    c.shopId(), c.buyerId(), null, Message.Author.KEFU,
                    scripts.render(greeting.scriptKey(), language, values), language, greeting.scriptKey(),
                    Message.Status.QUEUED, greeting.cause(), null, null, now);
            greetingDelay.record(Duration.between(c.awaitingReplySince(), now));
            return store(null, message, c.platform(),
                    new Update().max("lastMessageAt", now).max("lastGreetedAt", now)).then(Mono.empty());
        });
    }

    /**
     * An agent writes to a buyer the shop knows, free text or a script filled from the conversation's order. The
     * reply is checked against the conduct rules first; a supervisor may override with a reason. Stops the response
     * clock and records how long the buyer waited. Empty when the shop does not know the buyer.
     */
    public Mono<Message> agentReplied(Agent agent, String buyerId, String orderId, String text, String scriptKey,
                                      Map<String, String> values, String overrideReason) {
        String shopId = agent.shopId();
        Instant now = clock.instant();
        ShopSettings.Resolved shop = shops.of(shopId);
        return conversation(shopId, buyerId)
                .flatMap(conversation -> orders.about(shopId, buyerId, orderId).map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .flatMap(order -> {
                    String language = conversation.language() != null ? conversation.language() : shop.language();
                    String body = text;
                    if (scriptKey != null) {
                        Map<String, String> all = ScriptValues.of(shop, language, order.orElse(null));
                        all.put("agentName", agent.agentId());
                        all.putAll(values);
                        body = scripts.render(scriptKey, language, all);
                    }
                    Message.ConductOverride override = conductChecked(agent, body, overrideReason);
                    Message message = Message.toBuyer(UUID.randomUUID().toString(), shopId, buyerId,
                            orderId != null ? orderId : order.map(OrderContext::orderId).orElse(null),
                            Message.Author.AGENT, body, language, scriptKey, Message.Status.QUEUED, "agent-reply",
                            agent.agentId(), override, now);
                    if (conversation.awaitingReplySince() != null) {
                        responseTime(shopId, agent.agentId())
                                .record(Duration.between(conversation.awaitingReplySince(), now));
                    }
                    // Stop only the clock this reply answers: a buyer message that arrived meanwhile keeps its own.
                    Criteria answered = Criteria.where("_id").is(conversation.id())
                            .and("awaitingReplySince").is(conversation.awaitingReplySince());
                    Update summary = new Update().max("lastMessageAt", now).set("lastAgentReplyAt", now)
                            .max("lastGreetedAt", now);
                    return store(null, message, conversation.platform(), summary)
                            .then(mongo.updateFirst(Query.query(answered), new Update().unset("awaitingReplySince")
                                    .unset("responseDue").unset("responseBreachedAt"), Conversation.class))
                            .then(assignments.answered(conversation, now))
                            .then(recordResponse(conversation, message, now))
                            .thenReturn(message);
                }));
    }

    /**
     * The response target of a conversation, when it falls due (the {@value #RESPONSE_TARGET} queue): a buyer still
     * waiting on the same message past it is reported once as {@code sla-breached}, with who was assigned. Answers
     * when to look again (the item came early), or empty.
     */
    public Mono<Instant> reportIfMissed(String conversationId) {
        return mongo.findById(conversationId, Conversation.class).flatMap(c -> {
            ResponseTarget target = ResponseTarget.of(c, shops.of(c.shopId()));
            Instant now = clock.instant();
            if (target == null || c.responseBreachedAt() != null) {
                return Mono.empty();
            }
            if (!ResponseTarget.breachDue(c, target, now)) {
                return Mono.just(target.due());
            }
            SlaBreached breach = new SlaBreached(c.shopId(), target.target(), c.id(), c.buyerId(), null, c.assignee(),
                    target.length().toSeconds(), c.awaitingReplySince(), target.due(),
                    Duration.between(target.due(), now).toSeconds(), now);
            // One report per waiting episode: the id is the episode's, and only the write that finds it unreported counts.
            OutboxEntry entry = OutboxEntry.of("sla-breached:" + c.id() + ":" + c.awaitingReplySince().toEpochMilli(),
                    breach, SOURCE, now);
            Query unreported = Query.query(Criteria.where("_id").is(c.id())
                    .and("awaitingReplySince").is(c.awaitingReplySince()).and("responseBreachedAt").isNull());
            Update report = OutboxRelay.push(new Update().set("responseBreachedAt", now)
                    .set("responseDue", target.due()), entry);
            return outbox.write(Conversation.COLLECTION, c.id(), List.of(entry),
                            mongo.updateFirst(unreported, report, Conversation.class)
                                    .filter(result -> result.getModifiedCount() > 0))
                    .then(Mono.empty());
        });
    }

    /** The integration delivered a message: DELIVERED, also after an earlier failure report (a late success). */
    public Mono<Void> delivered(MarketplaceMessageDelivered report) {
        return status(report.shopId(), report.messageId(), List.of(Message.Status.QUEUED, Message.Status.FAILED),
                new Update().set("status", Message.Status.DELIVERED).set("statusAt", report.at()).unset("statusReason"));
    }

    /** The integration could not deliver a message: FAILED with its reason, unless it was already delivered. */
    public Mono<Void> failed(MarketplaceMessageFailed report) {
        return status(report.shopId(), report.messageId(), List.of(Message.Status.QUEUED),
                new Update().set("status", Message.Status.FAILED).set("statusAt", report.at())
                        .set("statusReason", report.reason()));
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

    /**
     * Suggested replies for each buyer message still waiting for an answer (those after the last reply by an agent),
     * filled from the order the message is about (or the buyer's latest).
     */
    public Mono<Map<String, List<Suggestions.Suggestion>>> suggestions(Conversation conversation, List<Message> messages) {
        List<Message> waiting = new ArrayList<>();
        for (Message m : messages) {
            if (m.author() == Message.Author.AGENT) {
                waiting.clear();
            } else if (m.author() == Message.Author.BUYER) {
                waiting.add(m);
            }
        }
        ShopSettings.Resolved shop = shops.of(conversation.shopId());
        String language = conversation.language() != null ? conversation.language() : shop.language();
        boolean returning = shop.returning().recognises(conversation.paidOrders());
        return Flux.fromIterable(waiting)
                .concatMap(m -> orders.about(m.shopId(), m.buyerId(), m.orderId()).map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .flatMap(order -> knowledge.valuesFor(m.shopId(), m.text(), m.intents(), order.orElse(null),
                                        language, end -> ScriptValues.time(end, shop.timeZone(), language))
                                .map(known -> {
                                    Map<String, String> values = ScriptValues.of(shop, language, order.orElse(null));
                                    values.putAll(known);
                                    if (returning) {
                                        values.put("benefit", shop.returning().benefitIn(language));
                                    }
                                    return Map.entry(m.id(), Suggestions.forMessage(m.intents(), order.orElse(null),
                                            scripts, language, values, returning));
                                })))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** Conversations whose buyer is waiting for an answer, longest wait first. */
    public Flux<Conversation> awaitingReply(String shopId, int limit) {
        Query waiting = Query.query(Criteria.where("shopId").is(shopId).and("awaitingReplySince").gte(new Date(0)))
                .with(Sort.by(Sort.Direction.ASC, "awaitingReplySince")).limit(limit);
        return mongo.find(waiting, Conversation.class);
    }

    /** A reminder or price notice is only sent while the order is still unpaid and open (as far as Kefu knows). */
    private Mono<Boolean> stillCalledFor(KefuEvent event, Proactive proactive) {
        if (!(event instanceof PaymentReminderDue) && !(event instanceof MarketplaceOrderFeeModified)) {
            return Mono.just(true);
        }
        return orders.find(event.shopId(), proactive.orderId())
                .map(order -> !order.isPaid() && !order.isClosed())
                .defaultIfEmpty(true);
    }

    private Mono<Void> knowBuyer(KefuEvent event) {
        if (event instanceof ReviewPosted r) {
            return knowBuyer(r.shopId(), r.buyerId(), r.platform());
        }
        return Mono.empty();
    }

    private Mono<String> language(String shopId, String buyerId) {
        return conversation(shopId, buyerId).mapNotNull(Conversation::language)
                .defaultIfEmpty(shops.of(shopId).language());
    }

    private Mono<Void> scheduleGreeting(Conversation existing, String conversationId, Instant sentAt,
                                        ShopSettings.Resolved shop) {
        Instant at = Greeting.checkAt(existing, shop, sentAt, clock.instant());
        return at == null ? Mono.empty() : due.schedule(GREETING, conversationId, at).then();
    }

    /** Records when a person's reply to the waiting buyer falls due, and looks again then. */
    private Mono<Void> scheduleResponseTarget(Conversation written, ShopSettings.Resolved shop) {
        ResponseTarget target = ResponseTarget.of(written, shop);
        if (target == null) {
            return Mono.empty();
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(written.id())
                                .and("awaitingReplySince").is(written.awaitingReplySince())),
                        new Update().set("responseDue", target.due()), Conversation.class)
                .then(due.schedule(RESPONSE_TARGET, written.id(), target.due()))
                .then();
    }

    /** The reply ended the buyer's wait: kept as the fact the response KPIs are computed from. */
    private Mono<Void> recordResponse(Conversation answered, Message reply, Instant now) {
        if (answered.awaitingReplySince() == null) {
            return Mono.empty();
        }
        ResponseFact fact = new ResponseFact(reply.id(), answered.shopId(), reply.agentId(), answered.buyerId(),
                answered.awaitingReplySince(), now, Duration.between(answered.awaitingReplySince(), now).toMillis(),
                answered.inNewSession());
        return mongo.insert(fact).then().onErrorResume(DuplicateKeyException.class, e -> Mono.empty());
    }

    /**
     * A person's response time per shop and agent: Taobao measures the share of buyers answered within 3 minutes, and
     * the SLO buckets (10 s, 30 s, 60 s, 180 s, 600 s) give exactly that share. No percentile histogram: with a series
     * per agent its ~70 buckets each would cost more than the figure is worth (the KPIs compute percentiles).
     */
    private Timer responseTime(String shopId, String agentId) {
        return Timer.builder("kefu.conversation.response.time")
                .description("time from the oldest unanswered buyer message to an agent's reply")
                .tag("shop", shopId).tag("agent", agentId)
                .serviceLevelObjectives(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofSeconds(180), Duration.ofSeconds(600))
                .register(registry);
    }

    /** Where the shop opted in: a logistics question about an order with a carrier scan is answered at once. */
    private Mono<Void> autoAnswer(Message question, String platform, ShopSettings.Resolved shop, String language) {
        if (!shop.autoAnswerLogistics() || !question.intents().contains(Intent.LOGISTICS)) {
            return Mono.empty();
        }
        String lang = language != null ? language : shop.language();
        return orders.about(question.shopId(), question.buyerId(), question.orderId())
                .filter(order -> order.latestScan() != null)
                .flatMap(order -> {
                    Instant now = clock.instant();
                    Message answer = Message.toBuyer("auto-answer:" + question.id(), question.shopId(),
                            question.buyerId(), order.orderId(), Message.Author.KEFU,
                            scripts.render("logistics-update", lang, ScriptValues.of(shop, lang, order)), lang,
                            "logistics-update", Message.Status.QUEUED, "auto-answer", null, null, now);
                    return store(null, answer, platform, new Update().max("lastMessageAt", now));
                });
    }

    /** The conduct rules, or the supervisor's override of them (recorded on the message); refuses otherwise. */
    private Message.ConductOverride conductChecked(Agent agent, String body, String overrideReason) {
        List<Violation> violations = conduct.check(body);
        if (violations.isEmpty()) {
            return null;
        }
        if (overrideReason == null) {
            throw new ConductViolationException(violations, false);
        }
        if (!agent.isSupervisor()) {
            throw new ConductViolationException(violations, true);
        }
        return new Message.ConductOverride(agent.agentId(), overrideReason,
                violations.stream().map(v -> v.rule().name()).toList());
    }

    /**
     * Stores a message once (its id is the idempotency check) and updates the conversation's summary; a message to
     * the buyer goes out as {@code message-outbound} through the outbox, in the same write as the message. Counted as
     * the consumption of event {@code type} when an event caused it.
     */
    private Mono<Void> store(String type, Message message, String platform, Update summary) {
        String id = Conversation.idOf(message.shopId(), message.buyerId());
        newConversation(summary, message.shopId(), message.buyerId(), platform);
        Mono<Boolean> inserted;
        if (message.status() == Message.Status.QUEUED) {
            List<OutboxEntry> pending = List.of(outbound(message, platform));
            // A duplicate (redelivery, another replica) relays nothing: the first insert's own relay or due item did.
            inserted = outbox.write(Message.COLLECTION, message.id(), pending,
                    insert(message.withOutbox(pending)).filter(fresh -> fresh)).defaultIfEmpty(false);
        } else {
            inserted = insert(message);
        }
        // The summary update runs on duplicates too: it is idempotent, and it may be what a crash left undone.
        return inserted.doOnNext(fresh -> {
                    if (type != null) {
                        metrics.consumed(type, !fresh);
                    }
                })
                .then(mongo.upsert(Query.query(Criteria.where("_id").is(id)), summary, Conversation.class))
                .then(transcripts.seal(message.shopId(), message.buyerId()));
    }

    private Mono<Boolean> insert(Message message) {
        return mongo.insert(message).thenReturn(true)
                .onErrorResume(DuplicateKeyException.class, e -> Mono.just(false));
    }

    /** The event for a message to the buyer; its id derives from the message's, so a repeated insert repeats it. */
    private OutboxEntry outbound(Message m, String platform) {
        MessageOutbound event = new MessageOutbound(m.shopId(), platform == null ? "unknown" : platform, m.buyerId(),
                m.orderId(), m.id(), m.text(), m.language(), m.cause(), m.agentId(), m.sentAt(), m.scriptKey());
        return OutboxEntry.of("outbound:" + m.id(), event, SOURCE, m.sentAt());
    }

    private static Update newConversation(Update update, String shopId, String buyerId, String platform) {
        update.setOnInsert("shopId", shopId).setOnInsert("buyerId", buyerId);
        if (!update.modifies("needsAttention")) {
            update.setOnInsert("needsAttention", false);
        }
        if (platform != null) {
            update.set("platform", platform);
        }
        return update;
    }

    private Mono<Void> status(String shopId, String messageId, List<Message.Status> from, Update to) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(messageId).and("shopId").is(shopId)
                .and("status").in(from)), to, Message.class).then();
    }
}
