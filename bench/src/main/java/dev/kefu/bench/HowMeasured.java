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
                order-service (and conversation-service on both its inputs, `marketplace.orders` and `order-paid`) \
                caught up beforehand, and ends when order-service's consumer group has committed them all \
                (AdminClient committed vs end offsets, polled every 200 ms): applied/s = events / (end - first send). First warm-up windows, not counted, until two in \
                a row are within 20% of each other (at most 6: the services start cold and their JIT compilers \
                settle over thousands of events; the baseline's first run is not counted either), then three \
                windows with (next to) 0 orders stored, then the load up to the stored level (the pipeline itself), \
                then three windows there. The notes give the CPU per event of every process over the counted \
                windows. Baseline, in the same run: one thread with the sync driver doing find-by-_id + replaceOne \
                upsert of an order-sized document per event (same key sequence) on the same Mongo wire server, \
                database `kefu-bench-baseline`; at the stored level its collection is first bulk-loaded to the same \
                number of documents.""");
        TEXT.put("idle", """
                No traffic. utime + stime from `/proc/<pid>/stat` of the devstack JVM (which hosts the Mongo server) \
                and every process it started (broker, five services, watchdog), summed over the sample time, in % of \
                one core; three samples after a settling pause and then once the stack's CPU holds steady (two \
                windows of a sample's length in a row within 0.5 points or 20% of each other) and the JVMs' JIT \
                compiler threads (HotSpot's C1/C2 CompilerThreads, from `/proc/<pid>/task/*/stat`) used at most 0.5 \
                points in the last window, at most 12 windows, noted: after a start or a load the six JVMs go on \
                compiling for minutes on the two shared cores, which is the load's tail, not the idle stack. The \
                samples count the compilers too (their share is noted). Once on the empty stack right after its \
                start and once after the pipeline's load with everything caught up.""");
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
                for a fixed time after a warm-up; requests/s = 2xx answers / elapsed time. The gateway's warm-up \
                repeats (up to 10 loads) while a load was more than 10% faster than the one before: the stack's JVMs \
                share the two cores, so their JIT compilers are starved and a fresh stack keeps getting faster for \
                minutes. Each gateway run and warm-up load starts with order-service caught up, and the notes give, per \
                run, the CPU each process (the bench client too) used per accepted webhook, and the part of it the \
                JVMs' JIT compiler threads used: the services apply what the gateway accepts on the same cores. Baseline: `BareWebFluxApp` (bench module), a Spring Boot WebFlux app \
                that reads the body and answers 202 with the same small JSON, started as its own JVM with the \
                gateway's JVM options, driven identically. The client runs on the same cores as the stack.""");
        TEXT.put("overview", """
                A dev agent token from `POST /auth/dev-token`. Rounds, one request at a time: \
                `GET /api/customers/{buyerId}/overview` on the gateway, then its five downstream calls directly on the \
                services with the same token, as the gateway makes them (`/api/orders?buyerId=`, \
                `/api/conversations/{buyerId}?limit=20`, `/api/cases?buyerId=`, `/api/reviews?buyerId=`, \
                `/api/customers/{buyerId}/file`; until 2026-12-07 the file was left out), one after the other (the \
                gateway makes them at once, on the same two cores), random existing buyer per round, up to a round count \
                or a time cap per run. Baseline per run: the p99 of the slowest direct call. Measured with \
                order-service caught up, and again while a backlog is being applied: each run produces its own \
                backlog of order events to `marketplace.orders` (as fast as the broker takes them, from a second \
                thread) and starts its rounds once order-service is 5,000 events behind (until 2026-12-08 the \
                backlog was produced once before the runs, and order-service had caught up before they started); \
                the lag at the start, at most (read every 10 rounds) and at the end is noted per run.""");
        TEXT.put("stream", """
                The agents' live stream, `GET /api/stream` (Server-Sent Events, docs/events.md "Agent stream"), on the \
                devstack's one gateway instance. A run opens N streams at once, one dev agent token each \
                (`POST /auth/dev-token`, agents `bench-sse-<i>`; every tenth stream on `shop-rival`, the others on \
                `shop-demo`, so one event fans out to 450 of 500), with the JDK's `HttpClient` (HTTP/1.1, one \
                connection per stream, a line subscriber per stream on two executor threads: no thread per stream), \
                and waits for each stream's `ready` event. After 3 s of holding them idle, signed `message.received` \
                webhooks (Standard Webhooks, as the latency scenario signs them; every tenth for `shop-rival`, new \
                message ids, 40 buyers per shop) go through the gateway open loop at a fixed rate. Every (webhook, \
                open stream of its shop) pair is one sample: from the client's receipt of the webhook's 202 to the \
                `data:` line of the `message.received` event with that message id on that stream (one clock, the \
                bench JVM's `System.nanoTime`); an event that overtakes its 202 (the gateway answers after the \
                broker's ack, its stream reader may already have it) counts as 0, one missing after the wait counts \
                as ∞. Because so many overtake it, the same pairs are also timed from the webhook's send (the request \
                handed to the client), which includes the ingest itself. A stream is held when it had `ready` and was still open after the wait (ended streams and why \
                are noted); only held streams give samples, and any event of the other shop on a stream is counted \
                (it must be 0). Gateway: CPU (utime + stime from `/proc/<pid>/stat`) while holding the streams idle \
                and from the first webhook to the end of the wait; RSS and thread count from `/proc/<pid>/status`, \
                heap used and the `kefu_gateway_stream_open` gauge from its `/actuator/prometheus`, before opening, \
                while holding and after the fan-out; after closing, the gauge must fall back. Baselines in the same \
                run: the same run with 1 open stream (what N streams cost), alternating with the N-stream runs, and \
                records produced (acks=all, linger 5 ms) and consumed through the same broker at the same rate (what \
                Kafka alone costs: the event goes gateway → `marketplace.messages` → the gateway's stream reader). \
                A warm-up run of the same size comes first, not counted (the gateway's JIT). Each run starts once \
                conversation-service has caught up on `marketplace.messages` (up to 120 s). The notes give, per run, \
                the bench JVM's CPU and how busy the whole machine was during the fan-out: the client shares the \
                two cores with the stack, and with whatever else runs there. Issue 7 sets no number for the p99: its verdicts \
                are "-"; the streams-held figure must be N of N.""");
        TEXT.put("footprint", """
                The devstack started by the bench itself, as `devstack/run` starts it (`java -Xmx768m -XX:-UsePerfData \
                -XX:TrimNativeHeapInterval=10000 -jar kefu-devstack.jar`), on ports +6000 and a data dir of its own, with no other stack of the bench \
                running (bench/run runs this scenario before it starts the others' stack). Seconds from the command \
                (the bench JVM's `ProcessBuilder.start`) to the line `KEFU READY` on its stdout; then, after a settle, \
                the sum of `VmRSS` (`/proc/<pid>/status`) of the devstack JVM (which hosts the Mongo server) and every \
                process it started (broker, five services, watchdog); then SIGTERM and the wait for it to stop. An \
                uncounted first start with `--services=none` formats the broker's storage; then one start with \
                the class-data sharing cache (`<data-dir>/cds`) empty, whose stop waits for the devstack's training \
                runs to make the archives after ready (noted, not a figure). Then three rounds of two starts on the \
                same data dir: the baseline, today's devstack before the footprint work (`--cds=false`: the services \
                from their Boot jars; the broker's former flags `-Xms128m -Xmx512m` with G1 through \
                `KEFU_KAFKA_JVM_OPTIONS`, and `MALLOC_ARENA_MAX=0`, glibc's default; the broker's smaller log-cleaner \
                buffer, a server.properties setting, is in both), and a start with the cache warm \
                (devstack/README.md, "Faster starts"). The machine's other load shares the same cores: see the load \
                average.""");
        TEXT.put("simulate", """
                The marketplace simulator (`devstack/simulate`'s `Traffic`, `Simulation` and `Tally`, run inside the \
                bench JVM) sends signed webhooks for 20 shops (`sim-shop-01`..`20`, added with the devstack's \
                `--add-shop`, secrets from its `shops.properties`) at a fixed rate for a fixed time, seeded (the same \
                stories, texts and ids on every rerun): orders, payments, parcels and their scans, buyer messages in \
                Chinese and Korean, refunds, reviews; one order's webhooks one after the other, at most 64 in flight. \
                Every second a sampler records what was sent, accepted (202), rejected (4xx) and failed, the \
                latencies of the answers that arrived since the sample before, and for each back-end service's own \
                consumer group (order-service, conversation-service, aftersales-service, review-service) its \
                committed offsets and the log end offsets of the partitions it commits on (AdminClient); lag = end - \
                committed, summed. Sampling goes on after the last answer until the lag is 0 (or a cap). The series \
                is bucketed per 5 s into `docs/benchmarks/simulate.csv` and drawn, by the bench's own Java code, \
                as `docs/benchmarks/simulate.svg` (rates; lag; answer p50/p99). Baselines in the same run: the \
                target rate itself (accepted/s ÷ target), the records arriving on each group's partitions (applied/s \
                ÷ arrived/s, while sending), and records produced (acks=all, linger 5 ms) and consumed through the \
                same broker at the same rate, before the simulator starts (send → receive p99, 3 runs). One \
                simulator run: its figures are single values, not medians.""");
        TEXT.put("scaling", """
                bench/run starts a fresh devstack per instance count, with only order-service and \
                conversation-service (`--services`), each run as 1, 2 and 3 instances (`--replicas`; the topics have \
                3 partitions, the instances of a service share its consumer group). Two variants, one after the \
                other: the services as configured (`spring.kafka.listener.concurrency` = 3, the partitions: every \
                instance runs 3 consumer threads per listener, and kefu-defaults' `InstanceSpreadAssignor` shares \
                the partitions out over the instances before their threads), then 1 consumer thread per listener per instance \
                (`SPRING_KAFKA_LISTENER_CONCURRENCY=1` in the services' environment), where only more instances \
                can share the partitions out. Before measuring, each group must have members from that many \
                instances and all 3 partitions of `marketplace.orders` assigned; the notes say how many partitions \
                each instance got (from the devstack's static member ids). Then the pipeline's windows: the events \
                of N new orders (the pipeline's mix, 2.4 events per order) produced at once to \
                `marketplace.orders`, both groups caught up beforehand; per group, records applied / time from the \
                first send until its committed offsets cover them (order-service: the window's events on \
                `marketplace.orders`; conversation-service: those and the one `order-paid` per paid order that \
                order-service publishes, so its time includes order-service's). One warm-up window (not counted), \
                then 3 windows per count; the figures are the medians with 2 and 3 instances, each beside 1 \
                instance of the same variant measured in the same bench/run invocation. CPU per process (utime + \
                stime of each instance, found by the devstack's pid files, over the windows) is in the notes. On a \
                2-core machine the extra JVMs compete for the same two cores as the broker, the Mongo server and the \
                load generator: the ratio shows whether the partitions are shared out and the work spreads, not a \
                promise of linear speed-up, which only more cores could give.""");
    }

    private HowMeasured() {
    }
}
