package dev.kefu.system;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A marketplace integration as a test drives it: orders created and then paid, each a signed webhook, started at a
 * steady rate. Like a well-behaved integration it retries a 503 (or a 429, or no answer) with the same
 * {@code webhook-id} and the same bytes after the {@code Retry-After} it was given, and sends an order's
 * {@code order.paid} only once its {@code order.created} was accepted. Every answer is recorded.
 */
final class Webhooks implements AutoCloseable {

    /** One answer: its status, how long the client waited for it, its {@code Retry-After} (or null). */
    record Answer(String id, int status, long millis, String retryAfter, Instant at) {
    }

    private final GatewayClient gateway;
    private final String shop;
    private final String secret;
    private final Duration maxRetryWait;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** Flows (orders) whose webhooks were all accepted, or that failed. */
    final AtomicInteger ordersDone = new AtomicInteger();

    Webhooks(String gateway, String shop, String secret, Duration maxRetryWait) {
        this.gateway = new GatewayClient(gateway);
        this.shop = shop;
        this.secret = secret;
        this.maxRetryWait = maxRetryWait;
    }

    /**
     * Starts {@code orders.size()} orders, {@code perSecond} of them a second; the future completes when every
     * order's two webhooks were accepted.
     */
    CompletableFuture<Void> createAndPay(List<Order> orders, double perSecond) {
        return inOrder(orders.stream().<Supplier<List<Signed>>>map(o -> () -> List.of(
                new Signed(o.createdId(), o.created()), new Signed(o.paidId(), o.paid()))).toList(), perSecond);
    }

    /**
     * Starts {@code flows.size()} flows, {@code perSecond} of them a second; a flow's webhooks are made when it starts
     * (their times are then the times they are sent, as a marketplace stamps them) and sent one after the other, each
     * once the one before was accepted (an order's events in their order). The future completes when every webhook of
     * every flow was accepted.
     */
    CompletableFuture<Void> inOrder(List<Supplier<List<Signed>>> flows, double perSecond) {
        long intervalMicros = (long) (1_000_000 / perSecond);
        CompletableFuture<?>[] done = new CompletableFuture<?>[flows.size()];
        for (int i = 0; i < flows.size(); i++) {
            Supplier<List<Signed>> flow = flows.get(i);
            CompletableFuture<Void> result = new CompletableFuture<>();
            done[i] = result;
            scheduler.schedule(() -> {
                        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                        for (Signed webhook : flow.get()) {
                            chain = chain.thenCompose(x -> accepted(webhook.id(), webhook.body()));
                        }
                        chain.whenComplete((x, e) -> {
                            ordersDone.incrementAndGet();
                            if (e == null) {
                                result.complete(null);
                            } else {
                                result.completeExceptionally(e);
                            }
                        });
                    },
                    i * intervalMicros, TimeUnit.MICROSECONDS);
        }
        return CompletableFuture.allOf(done);
    }

    /** One webhook as the integration sends it, and sends it again: its {@code webhook-id} and its exact bytes. */
    record Signed(String id, byte[] body) {

        static Signed of(String type, ObjectNode data) {
            return new Signed("msg_" + java.util.UUID.randomUUID(), GatewayClient.envelope(type, data));
        }
    }

    /** Sends until a 202; any other answer than 503, 429 or none at all fails the flow. */
    private CompletableFuture<Void> accepted(String id, byte[] body) {
        return send(id, body).thenCompose(answer -> {
            if (answer.status() == 202) {
                return CompletableFuture.completedFuture(null);
            }
            if (answer.status() != 503 && answer.status() != 429 && answer.status() != -1) {
                return CompletableFuture.failedFuture(new AssertionError("webhook " + id + ": " + answer));
            }
            long wait = Math.min(maxRetryWait.toMillis(),
                    answer.retryAfter() == null ? 1000 : Long.parseLong(answer.retryAfter()) * 1000);
            CompletableFuture<Void> retry = new CompletableFuture<>();
            scheduler.schedule(() -> accepted(id, body).whenComplete((x, e) -> {
                if (e == null) {
                    retry.complete(null);
                } else {
                    retry.completeExceptionally(e);
                }
            }), wait, TimeUnit.MILLISECONDS);
            return retry;
        });
    }

    private CompletableFuture<Answer> send(String id, byte[] body) {
        HttpRequest request = gateway.signedWebhook(shop, id, body, secret);
        long start = System.nanoTime();
        return GatewayClient.HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, e) -> {
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    Answer answer = e != null
                            ? new Answer(id, -1, millis, null, Instant.now())
                            : new Answer(id, response.statusCode(), millis,
                            response.headers().firstValue("Retry-After").orElse(null), Instant.now());
                    answers.add(answer);
                    return answer;
                });
    }

    /** An order of {@code buyer} in {@code shop}: its two webhooks' ids and bodies, fixed (a retry is byte-identical). */
    record Order(String orderId, String buyerId, String createdId, byte[] created, String paidId, byte[] paid) {

        /** The contract's fixtures for {@code order.created} and {@code order.paid}, made this order's. */
        static Order of(String shop, String orderId, String buyerId) {
            Instant now = Instant.now();
            ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
            created.put("shopId", shop).put("orderId", orderId).put("buyerId", buyerId)
                    .put("createdAt", now.toString()).put("shipBy", now.plus(Duration.ofDays(3)).toString());
            ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
            paid.put("shopId", shop).put("orderId", orderId).put("buyerId", buyerId)
                    .put("paidAt", now.plusSeconds(30).toString());
            return new Order(orderId, buyerId, "msg_c_" + orderId, GatewayClient.envelope("order.created", created, now),
                    paidIdOf(orderId), GatewayClient.envelope("order.paid", paid, now));
        }

        /** The {@code webhook-id} of the order's {@code order.paid}. */
        static String paidIdOf(String orderId) {
            return "msg_p_" + orderId;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
