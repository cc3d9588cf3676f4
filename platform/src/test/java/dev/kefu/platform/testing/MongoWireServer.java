package dev.kefu.platform.testing;

import dev.kefu.embedded.mongo.EmbeddedMongo;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.support.TestPropertySourceUtils;

import java.net.InetSocketAddress;

/**
 * Starts an in-memory MongoDB wire-protocol server ({@link EmbeddedMongo#memory()}: with secondary indexes and a
 * count of documents examined) on a free loopback port for one test context and points {@code spring.mongodb.uri}
 * at it; the server stops with the context. The server is a bean ({@link EmbeddedMongoServer}) so a test can assert
 * how many documents a query or a sweep examined.
 */
public class MongoWireServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        EmbeddedMongoServer server = EmbeddedMongo.memory();
        InetSocketAddress address = server.bind(); // loopback, free port
        context.getBeanFactory().registerSingleton("embeddedMongoServer", server);
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                "spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort());
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                server.shutdownNow();
            }
        });
    }
}
