package dev.kefu.gateway.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code kefu.gateway.stream.*}: how far back a reconnecting client is resumed ({@code retention}, and at most
 * {@code per-shop} events of a shop), how often an idle stream gets a heartbeat comment, how many events may wait
 * for a slow client before its stream ends, and how many streams one gateway instance holds.
 */
@ConfigurationProperties("kefu.gateway.stream")
record StreamProperties(boolean enabled, Duration retention, int perShop, Duration heartbeat, int queuePerStream,
                        int maxStreams) {
}
