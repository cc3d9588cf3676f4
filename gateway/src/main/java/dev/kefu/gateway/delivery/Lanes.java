package dev.kefu.gateway.delivery;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Runs deliveries concurrently without letting one shop hold the others back. A lane is one shop's records of one
 * key (a buyer, an order): its records run one after another, in the order they were read, so a buyer's messages
 * reach the integration in order on their first attempt. Lanes run in parallel, at most {@code perShop} of one shop
 * at a time; a shop's surplus waits in memory, in its own queue, while every other shop goes on.
 */
final class Lanes {

    private static final Logger log = LoggerFactory.getLogger(Lanes.class);

    /** One record's delivery; {@code done} marks its offset as settled, before the lane moves on. */
    static final class Job {
        final TopicPartition partition;
        final String shop;
        final String lane;
        final Mono<Void> work;
        final Runnable done;
        boolean started;
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile Disposable running;

        Job(TopicPartition partition, String shop, String key, Mono<Void> work, Runnable done) {
            this.partition = partition;
            this.shop = shop;
            this.lane = shop + '\u0000' + key;
            this.work = work;
            this.done = done;
        }
    }

    private static final class Shop {
        int running;
        final ArrayDeque<String> ready = new ArrayDeque<>();
    }

    private final int perShop;
    private final Map<String, ArrayDeque<Job>> lanes = new HashMap<>();
    private final Map<String, Shop> shops = new HashMap<>();
    private final Map<TopicPartition, Integer> runningByPartition = new HashMap<>();
    private int running;

    Lanes(int perShop) {
        this.perShop = perShop;
    }

    void submit(Job job) {
        List<Job> start;
        synchronized (this) {
            ArrayDeque<Job> lane = lanes.computeIfAbsent(job.lane, k -> new ArrayDeque<>());
            lane.addLast(job);
            Shop shop = shops.computeIfAbsent(job.shop, k -> new Shop());
            if (lane.size() == 1) {
                shop.ready.addLast(job.lane);
            }
            start = drain(shop);
        }
        start.forEach(this::launch);
    }

    synchronized int running() {
        return running;
    }

    synchronized int running(Predicate<TopicPartition> partitions) {
        int n = 0;
        for (Map.Entry<TopicPartition, Integer> e : runningByPartition.entrySet()) {
            n += partitions.test(e.getKey()) ? e.getValue() : 0;
        }
        return n;
    }

    synchronized int queued() {
        int n = 0;
        for (ArrayDeque<Job> lane : lanes.values()) {
            for (Job job : lane) {
                n += job.started ? 0 : 1;
            }
        }
        return n;
    }

    /**
     * Drops the jobs of these partitions that have not started (their partitions were revoked: their offsets stay
     * uncommitted and the next owner delivers them). Running ones finish.
     */
    synchronized int cancelQueued(Predicate<TopicPartition> partitions) {
        int cancelled = 0;
        for (Shop shop : shops.values()) {
            shop.ready.clear();
        }
        for (Iterator<Map.Entry<String, ArrayDeque<Job>>> it = lanes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<Job>> entry = it.next();
            ArrayDeque<Job> lane = entry.getValue();
            int before = lane.size();
            lane.removeIf(job -> !job.started && partitions.test(job.partition));
            cancelled += before - lane.size();
            if (lane.isEmpty()) {
                it.remove();
            } else if (!lane.peekFirst().started) {
                shops.get(lane.peekFirst().shop).ready.addLast(entry.getKey());
            }
        }
        shops.values().removeIf(shop -> shop.running == 0 && shop.ready.isEmpty());
        return cancelled;
    }

    /**
     * Stops the running jobs of these partitions (after their hand-over waited long enough): their offsets stay
     * uncommitted, so the next owner delivers them again; this instance writes nothing more about them.
     */
    int cancelRunning(Predicate<TopicPartition> partitions) {
        List<Job> cancel = new ArrayList<>();
        synchronized (this) {
            for (ArrayDeque<Job> lane : lanes.values()) {
                Job head = lane.peekFirst();
                if (head != null && head.started && partitions.test(head.partition)) {
                    cancel.add(head);
                }
            }
        }
        for (Job job : cancel) {
            Disposable running = job.running;
            if (running != null) {
                running.dispose();
            }
            finished(job, false);
        }
        return cancel.size();
    }

    private List<Job> drain(Shop shop) {
        List<Job> start = List.of();
        while (shop.running < perShop && !shop.ready.isEmpty()) {
            Job job = lanes.get(shop.ready.pollFirst()).peekFirst();
            job.started = true;
            shop.running++;
            running++;
            runningByPartition.merge(job.partition, 1, Integer::sum);
            if (start.isEmpty()) {
                start = new ArrayList<>(4);
            }
            start.add(job);
        }
        return start;
    }

    private void launch(Job job) {
        job.running = job.work.subscribe(null, error -> {
            // The work settles every outcome itself; reaching here is a bug. The offset stays uncommitted, so the
            // record is delivered again after a restart rather than lost.
            log.error("delivery of a record of shop {} on {} failed unexpectedly; its offset is held", job.shop,
                    job.partition, error);
            finished(job, false);
        }, () -> finished(job, true));
    }

    private void finished(Job job, boolean settled) {
        if (!job.over.compareAndSet(false, true)) {
            return; // cancelled while it completed: counted once
        }
        if (settled) {
            job.done.run();
        }
        List<Job> start;
        synchronized (this) {
            ArrayDeque<Job> lane = lanes.get(job.lane);
            lane.pollFirst();
            Shop shop = shops.get(job.shop);
            shop.running--;
            running--;
            runningByPartition.merge(job.partition, -1, (a, b) -> a + b == 0 ? null : a + b);
            if (lane.isEmpty()) {
                lanes.remove(job.lane);
            } else {
                shop.ready.addLast(job.lane);
            }
            start = drain(shop);
            if (shop.running == 0 && shop.ready.isEmpty()) {
                shops.remove(job.shop);
            }
        }
        start.forEach(this::launch);
    }
}
