package dev.kefu.conversation.search;

import dev.kefu.platform.web.PageCursor;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;


import java.time.Instant;

import java.util.ArrayList;

import java.util.Date;
import java.util.List;

/**
 * Finds a shop's messages by words, buyer, order and time, newest first, a page at a time. Every query starts with
 * the shop and one of the indexes of {@link IndexedMessage}; terms are matched with {@code $all} (an index range on the
 * first term, on MongoDB and on the embedded server alike) and the page is then checked against the text itself.
 */
@Service
public class MessageSearch {

    /** A page holds at most this many; this many times three are read to fill it after the text check. */
    public static final int MAX_LIMIT = 100;
    private static final int READ_FACTOR = 3;

    /** What to look for; any part may be null (then any). */
    public record Wanted(String shopId, String words, String buyerId, String orderId, Instant from, Instant to) {
    }

    public record Found(String messageId, String buyerId, String orderId, String author, String agentId, String text,
                        Instant sentAt) {
    }

    public record Page(List<Found> items, String next) {
    }

    /** Where a page ended: the last message read, by time then id (the sort order); opaque ({@link PageCursor}). */
    record Cursor(Instant sentAt, String id) {

        private static final String LIST = "v1";

        String text() {
            return PageCursor.of(LIST, PageCursor.text(sentAt), id).text();
        }

        static Cursor parse(String text) {
            PageCursor cursor = PageCursor.parse(LIST, 2, text);
            Instant sentAt = cursor.instant(0);
            if (sentAt == null) {
                throw new IllegalArgumentException("is not a cursor of this list");
            }
            return new Cursor(sentAt, cursor.value(1));
        }
    }

    private final ReactiveMongoTemplate mongo;

    public MessageSearch(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Stores a message for the search, or stores it again unchanged (a replayed event). */
    public Mono<Void> index(IndexedMessage message) {
        return mongo.save(message).then();
    }

    public Mono<Page> find(Wanted wanted, String cursor, int limit) {
        Cursor after = cursor == null ? null : Cursor.parse(cursor);
        Criteria where = Criteria.where("shopId").is(wanted.shopId());
        if (wanted.words() != null) {
            where = where.and("terms").all(SearchTerms.ofQuery(wanted.words()));
        }
        if (wanted.buyerId() != null) {
            where = where.and("buyerId").is(wanted.buyerId());
        }
        if (wanted.orderId() != null) {
            where = where.and("orderId").is(wanted.orderId());
        }
        if (wanted.from() != null || wanted.to() != null) {
            Criteria time = where.and("sentAt");
            if (wanted.from() != null) {
                time = time.gte(Date.from(wanted.from()));
            }
            if (wanted.to() != null) {
                time.lt(Date.from(wanted.to()));
            }
        }
        if (after != null) {
            where = where.orOperator(Criteria.where("sentAt").lt(Date.from(after.sentAt())),
                    Criteria.where("sentAt").is(Date.from(after.sentAt())).and("_id").lt(after.id()));
        }
        int read = limit * READ_FACTOR;
        Query query = Query.query(where).with(Sort.by(Sort.Order.desc("sentAt"), Sort.Order.desc("_id"))).limit(read);
        return mongo.find(query, IndexedMessage.class).collectList().map(batch -> {
            List<Found> found = new ArrayList<>();
            IndexedMessage last = null;
            for (IndexedMessage m : batch) {
                if (found.size() == limit) {
                    break;
                }
                last = m;
                if (wanted.words() == null || SearchTerms.contains(m.text(), wanted.words())) {
                    found.add(new Found(m.id(), m.buyerId(), m.orderId(), m.author(), m.agentId(), m.text(),
                            m.sentAt()));
                }
            }
            // more may follow when the page is full or the read was: go on after the last message looked at
            boolean more = batch.size() == read || (found.size() == limit && last != batch.get(batch.size() - 1));
            return new Page(found, more && last != null ? new Cursor(last.sentAt(), last.id()).text() : null);
        });
    }
}
