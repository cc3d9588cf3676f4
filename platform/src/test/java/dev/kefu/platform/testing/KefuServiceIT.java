package dev.kefu.platform.testing;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A service integration test: the whole service on a random port, a real (embedded, KRaft) Kafka broker and an
 * in-memory MongoDB wire-protocol server, with fast due-work polls (outbox, timers) and short retries.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "kefu.due.poll-interval=PT0.2S",
        // the tests move their clocks by hand: a queue never rests longer than a poll
        "kefu.due.idle-interval=PT0.2S",
        "kefu.outbox.sweep-age=PT1S",
        "kefu.outbox.sweep-interval=PT1S",
        "kefu.kafka.retries=2",
        "kefu.kafka.partitions=1"})
@EmbeddedKafka(partitions = 1)
@AutoConfigureWebTestClient(timeout = "PT30S") // generous: a loaded 2-core CI machine is slow on first calls
@ContextConfiguration(initializers = MongoWireServer.class)
public @interface KefuServiceIT {
}
