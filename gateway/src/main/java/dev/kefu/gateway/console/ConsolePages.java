package dev.kefu.gateway.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.net.URI;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The reference agent console (docs/console.md): plain HTML, CSS and ES modules under {@code static/console/}, served
 * by Spring's resource handler and open without a token (the page asks for one; every API call it makes carries it).
 * Only the folder itself needs a route: {@code /console/} is its {@code index.html}, {@code /console} redirects there
 * ({@code kefu.gateway.console.index} may point the page elsewhere, e.g. {@code file:} while working on it).
 */
@Configuration(proxyBeanMethods = false)
class ConsolePages {

    @Bean
    RouterFunction<ServerResponse> consoleIndex(@Value("${kefu.gateway.console.index:classpath:/static/console/index.html}") Resource index) {
        return RouterFunctions.route(GET("/console/"), request -> ServerResponse.ok()
                        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(index))
                .andRoute(GET("/console"), request -> ServerResponse.permanentRedirect(URI.create("/console/")).build());
    }
}
