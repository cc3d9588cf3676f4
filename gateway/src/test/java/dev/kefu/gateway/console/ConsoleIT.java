package dev.kefu.gateway.console;

import dev.kefu.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

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
        for (String module : new String[] {"app.js", "api.js", "stream.js", "i18n/zh.js", "i18n/ko.js", "i18n/en.js"}) {
            web.get().uri("/console/" + module).exchange().expectStatus().isOk()
                    .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"));
        }
        web.get().uri("/console/console.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/css"));
        web.get().uri("/console/nothing-here.js").exchange().expectStatus().isNotFound();
        web.get().uri("/api/inbox").exchange().expectStatus().isUnauthorized();
    }
}
