package dev.kefu.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every agent route ({@code /api/**}) is reached through the gateway, which may answer in the service's place:
 * 401 without a valid token, 429 over the token's rate, 502/503/504 when the service broke off, cannot be reached
 * or did not answer in time. Each service's OpenAPI description lists those answers too, so a frontend author reading
 * any of them (through {@code /v3/api-docs/services/...}) sees every status the call can have.
 */
public class GatewayAnswers implements OpenApiCustomizer {

    static final Map<String, String> ANSWERS = answers();
    static final String PROBLEM = "GatewayProblem";

    private static Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("401", "no valid agent token (WWW-Authenticate names why, e.g. invalid_token)");
        answers.put("429", "the token is over its rate at the gateway; retry after Retry-After seconds");
        answers.put("502", "the service broke off or sent an unreadable answer (problem details name the route)");
        answers.put("503", "the service cannot be reached (down or restarting); retry after Retry-After seconds");
        answers.put("504", "the service did not answer in time; the request may or may not have been carried out");
        return Collections.unmodifiableMap(answers); // in this order in each operation's responses
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(GatewayAnswers::describe);
            }
        });
    }

    /** RFC 9457 problem details as the gateway writes them; {@code route} names the service's route, never its address. */
    private static Schema<Object> problemSchema() {
        Schema<Object> problem = new Schema<>().type("object");
        problem.addProperty("type", new Schema<>().type("string"));
        problem.addProperty("title", new Schema<>().type("string"));
        problem.addProperty("status", new Schema<>().type("integer"));
        problem.addProperty("detail", new Schema<>().type("string"));
        problem.addProperty("instance", new Schema<>().type("string"));
        problem.addProperty("route", new Schema<>().type("string"));
        return problem;
    }

    private static void describe(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ANSWERS.forEach((status, description) -> {
            if (operation.getResponses().containsKey(status)) {
                return; // the service said more about it
            }
            ApiResponse answer = new ApiResponse().description(description);
            if (!status.equals("401")) {
                answer.content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            }
            if (status.equals("429") || status.equals("503")) {
                answer.addHeaderObject("Retry-After", new Header().description("seconds to wait before retrying")
                        .schema(new Schema<>().type("integer")));
            }
            operation.getResponses().addApiResponse(status, answer);
        });
    }
}
