package dev.kefu.conversation.transcript;

import dev.kefu.conversation.conversation.Conversation;
import dev.kefu.conversation.conversation.Message;
import dev.kefu.platform.evidence.Transcript;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps each conversation's messages in a hash chain ({@link Transcript}) and exports it verified. A message is stored
 * first and chained right after (so writing a message never waits on the chain): the sealer takes the oldest message
 * not chained yet, moves the conversation's head to it with a write guarded by the head's sequence number (of racing
 * sealers, one wins each place), then writes the message's own link. The head names its message, so a link a crash
 * left unwritten is completed by the next sealer from the head itself.
 */
@Service
public class Transcripts {

    /** On a message: {@code {seq, prev, hash}}. On the conversation: {@code {seq, hash, prev, messageId}}. */
    static final String LINK = "chain";
    static final String HEAD = "chainHead";
    /** Messages chained per call at most (a conversation's backlog after an upgrade is sealed over a few calls). */
    private static final int SEAL_MAX = 500;

    private final ReactiveMongoTemplate mongo;

    public Transcripts(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A page of the transcript: entries in chain order, where the next page starts, and whether this page verifies. */
    public record Page(String buyerId, Transcript.Head head, List<Item> entries, Long next,
                       Transcript.Verification verification) {
    }

    /** One chained message as exported: its link and the content the hash covers. */
    public record Item(long seq, String prev, String hash, Map<String, Object> message) {
    }

    /** Chains every message of the conversation not chained yet. */
    public Mono<Void> seal(String shopId, String buyerId) {
        return sealNext(shopId, buyerId, SEAL_MAX);
    }

    private Mono<Void> sealNext(String shopId, String buyerId, int left) {
        if (left == 0) {
            return Mono.empty();
        }
        String conversationId = Conversation.idOf(shopId, buyerId);
        return mongo.findById(conversationId, Document.class, Conversation.COLLECTION).flatMap(conversation -> {
            Document head = conversation.get(HEAD, Document.class);
            long seq = head == null ? 0 : ((Number) head.get("seq")).longValue();
            String hash = head == null ? Transcript.GENESIS : head.getString("hash");
            Mono<Void> lastLink = head == null ? Mono.empty() : link(head);
            return lastLink.then(oldestUnchained(shopId, buyerId, head == null ? null : head.getString("messageId")))
                    .flatMap(message -> {
                        String next = Transcript.hash(hash, canonical(message));
                        Document moved = new Document("seq", seq + 1).append("hash", next).append("prev", hash)
                                .append("messageId", message.getString("_id"));
                        Criteria unchanged = Criteria.where("_id").is(conversationId);
                        unchanged = head == null ? unchanged.and(HEAD).exists(false) : unchanged.and(HEAD + ".seq").is(seq);
                        return mongo.updateFirst(Query.query(unchanged), new Update().set(HEAD, moved), Conversation.COLLECTION)
                                .flatMap(won -> won.getModifiedCount() > 0 ? link(moved) : Mono.empty())
                                .then(sealNext(shopId, buyerId, left - 1));
                    });
        });
    }

    /** Writes the link the head names onto its message, unless it is there already. */
    private Mono<Void> link(Document head) {
        Document link = new Document("seq", head.get("seq")).append("prev", head.getString("prev"))
                .append("hash", head.getString("hash"));
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(head.getString("messageId")).and(LINK).exists(false)),
                new Update().set(LINK, link), Message.COLLECTION).then();
    }

    private Mono<Document> oldestUnchained(String shopId, String buyerId, String headMessageId) {
        // "chain.seq" null is what the transcript index holds for messages not chained yet: an index range, not a scan
        Criteria unchained = Criteria.where("shopId").is(shopId).and("buyerId").is(buyerId).and(LINK + ".seq").is(null);
        if (headMessageId != null) {
            unchained = unchained.and("_id").ne(headMessageId);
        }
        return mongo.findOne(Query.query(unchained).with(Sort.by("sentAt", "_id")), Document.class, Message.COLLECTION);
    }

    /**
     * Entries {@code after + 1 …} (at most {@code limit}), verified against the entry before them and, on the last
     * page, against the conversation's head. Empty when the shop does not know the buyer.
     */
    public Mono<Page> page(String shopId, String buyerId, long after, int limit) {
        String conversationId = Conversation.idOf(shopId, buyerId);
        return seal(shopId, buyerId)
                .then(mongo.findById(conversationId, Document.class, Conversation.COLLECTION))
                .flatMap(conversation -> {
                    Document headDoc = conversation.get(HEAD, Document.class);
                    Transcript.Head head = headDoc == null ? new Transcript.Head(0, Transcript.GENESIS)
                            : new Transcript.Head(((Number) headDoc.get("seq")).longValue(), headDoc.getString("hash"));
                    Criteria chained = Criteria.where("shopId").is(shopId).and("buyerId").is(buyerId);
                    Mono<String> prev = after == 0 ? Mono.just(Transcript.GENESIS)
                            : mongo.findOne(Query.query(Criteria.where("shopId").is(shopId).and("buyerId").is(buyerId)
                                            .and(LINK + ".seq").is(after)), Document.class, Message.COLLECTION)
                                    .map(d -> d.get(LINK, Document.class).getString("hash"))
                                    .defaultIfEmpty("(entry " + after + " is missing)");
                    Query page = Query.query(chained.and(LINK + ".seq").gt(after))
                            .with(Sort.by(LINK + ".seq")).limit(limit);
                    return Mono.zip(prev, mongo.find(page, Document.class, Message.COLLECTION).collectList())
                            .map(t -> {
                                List<Document> found = t.getT2();
                                List<Transcript.Entry> entries = found.stream().map(Transcripts::entry).toList();
                                boolean last = found.size() < limit
                                        || entries.get(entries.size() - 1).seq() >= head.seq();
                                Transcript.Verification verification = Transcript.verify(entries, after, t.getT1(),
                                        last ? head : null);
                                List<Item> items = found.stream().map(d -> {
                                    Document link = d.get(LINK, Document.class);
                                    return new Item(((Number) link.get("seq")).longValue(), link.getString("prev"),
                                            link.getString("hash"), content(d));
                                }).toList();
                                return new Page(buyerId, head, items,
                                        last ? null : entries.get(entries.size() - 1).seq(), verification);
                            });
                });
    }

    private static Transcript.Entry entry(Document d) {
        Document link = d.get(LINK, Document.class);
        return new Transcript.Entry(d.getString("_id"), canonical(d), ((Number) link.get("seq")).longValue(),
                link.getString("prev"), link.getString("hash"));
    }

    static String canonical(Document message) {
        return Transcript.canonical(content(message));
    }

    /** What the chain covers of a stored message, in its fixed order (never the delivery status). */
    static Map<String, Object> content(Document d) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", d.getString("_id"));
        for (String name : List.of("shopId", "buyerId", "orderId", "author", "text", "language", "scriptKey", "cause",
                "agentId")) {
            fields.put(name, d.get(name) == null ? null : d.get(name).toString());
        }
        Object sentAt = d.get("sentAt");
        fields.put("sentAt", sentAt instanceof Date date ? date.toInstant().toString() : sentAt == null ? null : sentAt.toString());
        Document override = d.get("conductOverride", Document.class);
        fields.put("conductOverride", override == null ? null : override.toJson());
        return fields;
    }
}
