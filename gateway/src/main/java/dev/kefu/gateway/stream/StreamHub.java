package dev.kefu.gateway.stream;

import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live stream of every shop this replica serves: the records of the {@link StreamTopics} as the
 * {@link StreamReader} reads them, kept per shop for the retention window (at most {@code perShop} of them) so a
 * client that reconnects with {@code Last-Event-ID} gets what it missed, and handed to the shop's open streams.
 * A shop's events only ever go to that shop's streams.
 *
 * <p>Each open stream has its own queue, bounded at a whole replay ({@code perShop}) plus {@code queuePerStream}: a
 * client that reads too slowly loses its stream (it ends with an error), never the others' and never the reader's
 * pace; reconnecting with its last id, it gets the rest.
 *
 * <p>Memory is bounded by {@code maxRetained} events over all shops: past it, the oldest retained event of any shop is
 * dropped first (a client that comes back for it gets a {@code reset}), so a burst or many busy shops cost a shorter
 * window, never the heap.
 */
final class StreamHub {

    /** A shop event as it is sent: its SSE event name (the CloudEvents type) and data (the event's JSON). */
    record Event(int partition, long offset, String type, String data, Instant at) {
    }

    /** Why a stream was closed from this side. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("the client read too slowly; reconnect with Last-Event-ID", null, false, false);
        }
    }

    static final String READY = "ready";
    static final String RESET = "reset";

    private final StreamTopics topics;
    private final Duration retention;
    private final int perShop;
    private final int queuePerStream;
    private final int maxRetained;
    private final Clock clock;
    /**
     * Every retained event of every shop in arrival order, to drop the oldest of all when past {@code maxRetained};
     * touched only by the reader's thread ({@link #read}, {@link #sweep}). An entry a shop already dropped (its own
     * limit) stays until it reaches the head, so this holds at most {@code maxRetained} entries.
     */
    private final ArrayDeque<Owned> arrival = new ArrayDeque<>();
    private final Sinks.Empty<Void> caughtUp = Sinks.empty();
    private volatile boolean readerAttached;
    private final Map<String, Shop> shops = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Everything this replica has read, all shops: the position a new stream starts from. */
    private volatile StreamPosition position;
    /** Per partition, where the reader started ({@link #startsAt}): a position before it may have missed events. */
    private final long[] readFrom;
    /** Per partition, the last offset a removed shop had dropped (a shop's own drops are in its entry). */
    private final long[] forgotten;

    StreamHub(StreamTopics topics, Duration retention, int perShop, int queuePerStream, int maxRetained, Clock clock) {
        this.topics = topics;
        this.retention = retention;
        this.perShop = perShop;
        this.queuePerStream = queuePerStream;
        this.maxRetained = maxRetained;
        this.clock = clock;
        int size = topics.partitions().size();
        this.position = StreamPosition.start(size);
        this.readFrom = new long[size];
        Arrays.fill(readFrom, Long.MAX_VALUE);
        this.forgotten = new long[size];
        Arrays.fill(forgotten, -1);
    }

    /** A reader feeds this hub: streams open once it has read what the broker held when it started. */
    void readerAttached() {
        readerAttached = true;
    }

    /** The reader has read up to where the partitions ended when it started. */
    void caughtUp() {
        caughtUp.tryEmitEmpty();
    }

    /**
     * Completes once the reader caught up (at once without a reader): a new stream's {@code ready} then stands for
     * "live", not for the retention window still being read, and a resumed one gets its missed events in one go.
     */
    Mono<Void> whenCaughtUp() {
        return readerAttached ? caughtUp.asMono() : Mono.empty();
    }

    /** The reader starts partition {@code index} at {@code offset} (what it will read next). */
    synchronized void startsAt(int index, long offset) {
        readFrom[index] = Math.min(readFrom[index], offset);
        // Nothing before it will be read here: a client's position up to it is as good as this replica's.
        position = position.after(index, offset - 1);
    }

    /** A record read: {@code shopId}'s event, or (shopId null) a record that only moves the position. */
    void read(int index, long offset, String shopId, String type, String data, Instant at) {
        if (!position.isBefore(index, offset)) {
            return; // read again after the reader restarted: already here
        }
        if (shopId == null) {
            position = position.after(index, offset);
            return;
        }
        Shop shop = lockedShop(shopId);
        try {
            // Moved inside the shop's lock: a stream opening now sees the event either in the buffer or live.
            StreamPosition after = position.after(index, offset);
            position = after;
            Event event = new Event(index, offset, type, data, at);
            Retained retained = new Retained(event, after);
            shop.recent.addLast(retained);
            shop.trim(clock.instant().minus(retention), perShop);
            shop.send(event, after);
            arrival.addLast(new Owned(shop, retained));
        } finally {
            shop.lock.unlock();
        }
        while (arrival.size() > maxRetained) {
            dropOldest();
        }
    }

    /** Drops the oldest entry of {@link #arrival} from its shop, if the shop still holds it. */
    private void dropOldest() {
        Owned oldest = arrival.removeFirst();
        Shop shop = oldest.shop();
        shop.lock.lock();
        try {
            if (shop.recent.peekFirst() == oldest.retained()) {
                shop.drop();
            }
        } finally {
            shop.lock.unlock();
        }
    }

    /** Events retained over all shops (entries the shops dropped on their own included, until they come off). */
    int retained() {
        return arrival.size();
    }

    /** The shop's entry, locked; never one a sweep has just removed from the map. */
    private Shop lockedShop(String shopId) {
        while (true) {
            Shop shop = shops.computeIfAbsent(shopId, id -> new Shop());
            shop.lock.lock();
            if (shops.get(shopId) == shop) {
                return shop;
            }
            shop.lock.unlock();
        }
    }

    /**
     * The stream of {@code shopId} for a client that has seen up to {@code lastEventId} (null: a new client): what it
     * missed, then live. The first event is {@code ready} (a new client) or {@code reset} (what it missed is no
     * longer here: reload, then carry on from this event's id), each with the id to resume from.
     */
    Flux<ServerSentEvent<String>> open(String shopId, String lastEventId) {
        return Flux.defer(() -> {
            // Room for a whole replay and then queuePerStream more: a client further behind than that loses it.
            Stream stream = new Stream(Sinks.many().unicast().onBackpressureBuffer(), perShop + queuePerStream);
            Shop shop = lockedShop(shopId);
            try {
                StreamPosition resumed = lastEventId == null ? null
                        : StreamPosition.parse(lastEventId, topics.partitions().size());
                if (resumed == null) {
                    stream.position = position;
                    stream.emit(control(lastEventId == null ? READY : RESET, position,
                            lastEventId == null ? "live from here" : "unknown Last-Event-ID; reload, then carry on"));
                } else if (lost(shop, resumed)) {
                    stream.position = position;
                    stream.emit(control(RESET, position, "events after Last-Event-ID are no longer retained "
                            + "(retention " + retention + "); reload, then carry on"));
                } else {
                    stream.position = resumed;
                    for (Retained retained : shop.recent) {
                        stream.offer(retained.event, retained.after);
                    }
                }
                shop.streams.add(stream);
            } finally {
                shop.lock.unlock();
            }
            open.incrementAndGet();
            return stream.sink.asFlux().doOnNext(sent -> stream.pending.decrementAndGet())
                    // The live sink never completes: its end is always a client too slow, told at once (an error
                    // from the sink itself would wait behind what is queued for a client that does not read).
                    .takeUntilOther(stream.tooSlow.asMono().then(Mono.just(true)))
                    .concatWith(Mono.error(TooSlow::new))
                    .doFinally(signal -> {
                        shop.lock.lock();
                        try {
                            shop.streams.remove(stream);
                        } finally {
                            shop.lock.unlock();
                        }
                        open.decrementAndGet();
                    });
        });
    }

    /** The last offset read of partition {@code index} (-1: none): a restarted reader goes on after it. */
    long lastRead(int index) {
        return position.offset(index);
    }

    int openStreams() {
        return open.get();
    }

    /** Drops what is past the retention window and the shops left with nothing; run now and then. */
    void sweep() {
        Instant oldest = clock.instant().minus(retention);
        while (!arrival.isEmpty() && arrival.peekFirst().retained().event().at().isBefore(oldest)) {
            dropOldest();
        }
        shops.forEach((id, shop) -> {
            shop.lock.lock();
            try {
                shop.trim(oldest, perShop);
                if (shop.recent.isEmpty() && shop.streams.isEmpty()) {
                    // What it dropped must still reset a client that comes back for it.
                    synchronized (this) {
                        for (int i = 0; i < forgotten.length; i++) {
                            forgotten[i] = Math.max(forgotten[i], shop.evictedThrough[i]);
                        }
                    }
                    shops.remove(id, shop);
                }
            } finally {
                shop.lock.unlock();
            }
        });
    }

    /** Whether events between {@code resumed} and now may be gone: not read here, or no longer retained. */
    private boolean lost(Shop shop, StreamPosition resumed) {
        for (int i = 0; i < resumed.size(); i++) {
            long from;
            long dropped;
            synchronized (this) {
                from = readFrom[i];
                dropped = forgotten[i];
            }
            // before the reader started, or before where it started on this partition: not read here
            boolean notReadHere = from == Long.MAX_VALUE || resumed.offset(i) < from - 1;
            if (notReadHere || resumed.offset(i) < Math.max(dropped, shop.evictedThrough[i])) {
                return true;
            }
        }
        return false;
    }

    private static ServerSentEvent<String> control(String name, StreamPosition at, String detail) {
        return ServerSentEvent.<String>builder().id(at.text()).event(name)
                .data("{\"position\":\"" + at.text() + "\",\"detail\":\"" + detail + "\"}").build();
    }

    private record Retained(Event event, StreamPosition after) {
    }

    private record Owned(Shop shop, Retained retained) {
    }

    private final class Shop {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Retained> recent = new ArrayDeque<>();
        final Set<Stream> streams = new LinkedHashSet<>();
        final long[] evictedThrough = filled(topics.partitions().size());

        void trim(Instant oldest, int max) {
            while (!recent.isEmpty() && (recent.size() > max || recent.peekFirst().event.at().isBefore(oldest))) {
                drop();
            }
        }

        /** Drops the shop's oldest event; a client resuming from before it gets a reset. */
        void drop() {
            Event gone = recent.removeFirst().event;
            evictedThrough[gone.partition()] = Math.max(evictedThrough[gone.partition()], gone.offset());
        }

        void send(Event event, StreamPosition after) {
            // over a copy: a stream that ends here removes itself (doFinally) while this loop runs
            for (Stream stream : List.copyOf(streams)) {
                if (!stream.offer(event, after)) {
                    streams.remove(stream);
                }
            }
        }

        private static long[] filled(int size) {
            long[] values = new long[size];
            Arrays.fill(values, -1);
            return values;
        }
    }

    private static final class Stream {
        final Sinks.Many<ServerSentEvent<String>> sink;
        final AtomicInteger pending = new AtomicInteger();
        final Sinks.Empty<Void> tooSlow = Sinks.empty();
        final int maxPending;
        StreamPosition position;

        Stream(Sinks.Many<ServerSentEvent<String>> sink, int maxPending) {
            this.sink = sink;
            this.maxPending = maxPending;
        }

        /** Sends the event if this stream has not had it; false when the client is too slow and the stream ends. */
        boolean offer(Event event, StreamPosition after) {
            if (!position.isBefore(event.partition(), event.offset())) {
                return true;
            }
            position = position.merge(after);
            return emit(ServerSentEvent.<String>builder().id(position.text()).event(event.type()).data(event.data())
                    .build());
        }

        boolean emit(ServerSentEvent<String> event) {
            if (pending.incrementAndGet() <= maxPending && sink.tryEmitNext(event).isSuccess()) {
                return true;
            }
            tooSlow.tryEmitEmpty();
            return false;
        }
    }
}
