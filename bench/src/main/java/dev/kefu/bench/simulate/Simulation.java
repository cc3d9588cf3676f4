package dev.kefu.bench.simulate;

import dev.kefu.bench.SignedWebhook;
import dev.kefu.bench.WebhookClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the traffic on its fixed schedule for the duration: slot n at start + n / rate. At most {@code concurrency}
 * webhooks are in flight; when the target is slower than that, the schedule waits (and catches up after). One
 * order's webhooks are sent one after the other, each once the previous was answered, so the gateway sees a story
 * in its order whatever the concurrency.
 */
final class Simulation {

    private final Traffic traffic;
    private final Map<String, String> secrets;
    private final WebhookClient client;
    private final int concurrency;
    private final Tally tally;

    Simulation(Traffic traffic, Map<String, String> secrets, WebhookClient client, int concurrency, Tally tally) {
        this.traffic = traffic;
        this.secrets = secrets;
        this.client = client;
        this.concurrency = concurrency;
        this.tally = tally;
    }

    /** Returns once every webhook scheduled within {@code duration} was answered (or timed out). */
    void run(Duration duration) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        // The last send of each order still running: the next of that order waits for it.
        Map<String, CompletableFuture<Void>> previous = new HashMap<>();
        long start = System.nanoTime();
        while (true) {
            Traffic.Planned planned = traffic.next();
            long due = traffic.offset(planned.slot()).toNanos();
            if (due >= duration.toNanos()) {
                break;
            }
            waitUntil(start + due);
            inFlight.acquire();
            CompletableFuture<Void> before = previous.getOrDefault(planned.orderId(),
                    CompletableFuture.completedFuture(null));
            // handle: a send that broke (it never should) must not silence the rest of its order.
            CompletableFuture<Void> sent = before.handle((ignored, error) -> null).thenCompose(ignored -> send(planned))
                    .whenComplete((ignored, error) -> inFlight.release());
            if (planned.lastOfStory()) {
                previous.remove(planned.orderId());
            } else {
                previous.put(planned.orderId(), sent);
            }
        }
        inFlight.acquire(concurrency);
    }

    private CompletableFuture<Void> send(Traffic.Planned planned) {
        SignedWebhook webhook = SignedWebhook.signed(secrets.get(planned.shopId()), planned.orderId(),
                planned.webhookId(), planned.body());
        String type = planned.type();
        tally.sent(type);
        long t0 = System.nanoTime();
        return client.send("/webhooks/" + planned.shopId(), webhook).toFuture()
                .thenAccept(answer -> tally.answered(type, answer.status(), answer.body(),
                        (System.nanoTime() - t0) / 1e6));
    }

    private static void waitUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
