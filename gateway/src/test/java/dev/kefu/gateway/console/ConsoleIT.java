package dev.kefu.gateway.console;

import dev.kefu.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent console's files are served without a token; the APIs it calls still want one. No broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "spring.kafka.bootstrap-servers=127.0.0.1:1", "kefu.kafka.create-topics=false",
        "kefu.gateway.delivery.enabled=false", "kefu.gateway.stream.enabled=false"})
@AutoConfigureWebTestClient
class ConsoleIT {

    @Autowired
    WebTestClient web;

    @Test
    void theConsoleIsServedWithoutATokenAndItsModulesAreJavaScript() {
        web.get().uri("/console").exchange().expectStatus().isPermanentRedirect()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console/");
        String page = web.get().uri("/console/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<script type=\"module\" src=\"app.js\"></script>").contains("lang=");
        for (String module : new String[] {"app.js", "api.js", "stream.js", "evidence.js", "i18n/zh.js", "i18n/ko.js", "i18n/en.js"}) {
            web.get().uri("/console/" + module).exchange().expectStatus().isOk()
                    .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"));
        }
        web.get().uri("/console/console.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/css"));
        web.get().uri("/console/nothing-here.js").exchange().expectStatus().isNotFound();
        web.get().uri("/api/inbox").exchange().expectStatus().isUnauthorized();
    }

    /** A dictionary entry: {@code 'key': } at a line's start or after the previous entry's comma. */
    private static final Pattern ENTRY = Pattern.compile("(?:^|,)\\s*'([\\w.\\-]+)'\\s*:", Pattern.MULTILINE);
    /** A key the page names literally: t('key' …), button('key' …), field('key' …) in the script, data-i18n…="key" in the page. */
    private static final Pattern USED = Pattern.compile("\\b(?:t|button|field)\\('([\\w.\\-]+)'|data-i18n(?:-\\w+)?=\"([\\w.\\-]+)\"");

    @Test
    void everyLanguageHasTheSameKeysAndEveryKeyThePageNamesIsInThem() throws IOException {
        Set<String> zh = keys("zh");
        assertThat(zh).hasSizeGreaterThan(150);
        assertThat(keys("ko")).as("ko.js against zh.js").isEqualTo(zh);
        assertThat(keys("en")).as("en.js against zh.js").isEqualTo(zh);
        Set<String> used = new TreeSet<>();
        for (String file : new String[] {"app.js", "index.html"}) {
            Matcher m = USED.matcher(resource(file));
            while (m.find()) {
                used.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        assertThat(used).hasSizeGreaterThan(50);
        assertThat(zh).as("keys the console names but no dictionary has").containsAll(used);
    }

    private static Set<String> keys(String language) throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher m = ENTRY.matcher(resource("i18n/" + language + ".js"));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleIT.class.getResourceAsStream("/static/console/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
