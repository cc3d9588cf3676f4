package dev.kefu.conversation.summary;

import dev.kefu.events.desk.WorkSummaryReady;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.shop.ShopSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says once per shop and local day that its work summary (工作总结) can be fetched: {@code work-summary-ready}. The
 * gateway serves the summary but keeps no state, so the notification is this service's, on the platform's due work
 * ({@value #QUEUE}, key {@code <shop>|<date>}): a shop's first buyer message of a local day schedules the key at the
 * day's end in the shop's zone plus {@code kefu.conversation.work-summary-after} (the earliest request wins, and each
 * replica schedules a key once while it runs). When it comes due, one document per shop and day
 * ({@value #COLLECTION}, {@code _id} = the key) is inserted with the event in its outbox, id
 * {@code work-summary-ready:<shop>:<date>}: a second insert (another replica, a redelivered item, a late message of
 * that day) meets the first one's key and publishes nothing.
 */
@Component
public class WorkSummaries {

    public static final String QUEUE = "conversation.work-summary";
    public static final String COLLECTION = "work_summaries";
    static final String SOURCE = "/conversation-service";
    /** Keys this instance scheduled; forgotten in bulk when it grows past this (scheduling again is cheap). */
    private static final int REMEMBERED = 10_000;

    /** The day's notification, written once: its id is the due key. */
    @Document(COLLECTION)
    record Notice(@Id String id, String shopId, String date, Instant from, Instant to, Instant readyAt,
                  List<OutboxEntry> outbox, Instant outboxSince) {
    }

    private final ReactiveMongoTemplate mongo;
    private final ShopSettings shops;
    private final DueWork due;
    private final OutboxRelay outbox;
    private final Clock clock;
    private final Duration after;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    public WorkSummaries(ReactiveMongoTemplate mongo, ShopSettings shops, DueWork due, OutboxRelay outbox, Clock clock,
                         @Value("${kefu.conversation.work-summary-after:PT5M}") Duration after) {
        this.mongo = mongo;
        this.shops = shops;
        this.due = due;
        this.outbox = outbox;
        this.clock = clock;
        this.after = after;
    }

    /** A buyer of {@code shopId} wrote at {@code sentAt}: that local day's summary is to be announced after it ends. */
    public Mono<Void> buyerWrote(String shopId, Instant sentAt) {
        ZoneId zone = shops.of(shopId).timeZone();
        LocalDate day = sentAt.atZone(zone).toLocalDate();
        String key = key(shopId, day);
        if (scheduled.contains(key)) {
            return Mono.empty();
        }
        return due.schedule(QUEUE, key, dueAt(day, zone)).doOnNext(seq -> {
            if (scheduled.size() >= REMEMBERED) {
                scheduled.clear();
            }
            scheduled.add(key);
        }).then();
    }

    /**
     * The {@value #QUEUE} item {@code <shop>|<date>}: publishes {@code work-summary-ready} once the day is over (and
     * answers when to look again if it came early); nothing when it was published already.
     */
    public Mono<Instant> announceIfDue(String key) {
        int bar = key.lastIndexOf('|');
        String shopId = key.substring(0, bar);
        LocalDate day = LocalDate.parse(key.substring(bar + 1));
        ZoneId zone = shops.of(shopId).timeZone();
        Instant dueAt = dueAt(day, zone);
        Instant now = clock.instant();
        if (now.isBefore(dueAt)) {
            return Mono.just(dueAt);
        }
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        WorkSummaryReady event = WorkSummaryReady.ofDay(shopId, day, from, to);
        List<OutboxEntry> pending = List.of(OutboxEntry.of(eventId(shopId, day), event, SOURCE, now));
        Notice notice = new Notice(key, shopId, day.toString(), from, to, now, pending,
                OutboxEntry.pendingSince(pending));
        return outbox.write(COLLECTION, key, pending, mongo.insert(notice))
                .onErrorResume(DuplicateKeyException.class, e -> Mono.empty()) // announced already
                .then(Mono.empty());
    }

    public static String key(String shopId, LocalDate day) {
        return shopId + "|" + day;
    }

    public static String eventId(String shopId, LocalDate day) {
        return "work-summary-ready:" + shopId + ":" + day;
    }

    private Instant dueAt(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant().plus(after);
    }
}
