package dev.kefu.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The "how" under each scenario's heading in docs/benchmarks.md. */
final class HowMeasured {

    static final Map<String, String> TEXT = new LinkedHashMap<>();

    static {
        TEXT.put("pipeline", """
                Order events are produced straight to `marketplace.orders` with the `events` module's records, \
                `EventSerializer` and CloudEvents headers, keyed by order id, as the gateway writes them (per 20 \
                orders: 20 `order.created`, 19 `order.paid`, 6 `order.shipped`, 3 `logistics.trace`; 2.4 events per \
                order), as fast as the broker takes them. A window produces the events of N new orders at once, with \
                order-service (and conversation-service on `order-paid`) caught up beforehand, and ends when \
                order-service's consumer group has committed them all (AdminClient committed vs end offsets, polled \
                every 200 ms): applied/s = events / (end - first send). Three windows with 0 orders stored, then the \
                load up to the stored level (the pipeline itself), then three windows there. Baseline, in the same \
                run: one thread with the sync driver doing find-by-_id + replaceOne upsert of an order-sized document \
                per event (same key sequence) on the same Mongo wire server, database `kefu-bench-baseline`; at the \
                stored level its collection is first bulk-loaded to the same number of documents.""");
        TEXT.put("idle", """
                No traffic. utime + stime from `/proc/<pid>/stat` of the devstack JVM (which hosts the Mongo server) \
                and every process it started (broker, five services, watchdog), summed over the sample time, in % of \
                one core; three samples after a settling pause, once on the empty stack right after its start and \
                once after the pipeline's load with everything caught up.""");
        TEXT.put("latency", """
                Signed `order.paid` webhooks (Standard Webhooks, `WebhookSignature`) for new orders of existing \
                buyers, sent through the gateway open loop at a fixed rate (the schedule does not wait for answers). \
                For each order: the time its 202 arrived, and the time the Mongo server inserted conversation-service's \
                thank-you message for it into `kefu-conversation-service.messages`, read from the devstack's insert \
                log (`--mongo-insert-log`, written by the wire server as it inserts: no polling, no oplog). A message \
                not stored within the wait after the last send counts as ∞. Change streams were not used: \
                mongo-java-server's re-read and sort the whole oplog on every getMore, and the oplog doubles every \
                write. Baseline: records produced (acks=all, linger 5 ms, like the services) at the same rate to a \
                bench topic and consumed by a plain consumer, send → receive p99.""");
        TEXT.put("ingest", """
                Signed `order.created` webhooks (pre-signed before each run, unique ids) posted by Reactor Netty over a \
                fixed pool of keep-alive HTTP/1.1 connections, one request in flight per connection (closed loop), \
                for a fixed time after a warm-up; requests/s = 2xx answers / elapsed time. Each gateway run starts \
                with order-service caught up. Baseline: `BareWebFluxApp` (bench module), a Spring Boot WebFlux app \
                that reads the body and answers 202 with the same small JSON, started as its own JVM with the \
                gateway's JVM options, driven identically. The client runs on the same cores as the stack.""");
        TEXT.put("overview", """
                A dev agent token from `POST /auth/dev-token`. Rounds, one request at a time: \
                `GET /api/customers/{buyerId}/overview` on the gateway, then its four downstream calls directly on the \
                services with the same token (`/api/orders?buyerId=`, `/api/conversations/{buyerId}`, \
                `/api/cases?buyerId=`, `/api/reviews?buyerId=`), random existing buyer per round, up to a round count \
                or a time cap per run. Baseline per run: the p99 of the slowest direct call. Measured with \
                order-service caught up, and again right after producing a backlog of order events to \
                `marketplace.orders` at once (its lag is noted per run).""");
    }

    private HowMeasured() {
    }
}
