package dev.kefu.platform.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayAnswersTest {

    @Test
    void everyAgentRouteListsTheGatewaysAnswersAndKeepsWhatTheServiceSaid() {
        Operation read = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()));
        Operation write = new Operation().responses(new ApiResponses()
                .addApiResponse("503", new ApiResponse().description("the service's own words")));
        Operation webhook = new Operation().responses(new ApiResponses().addApiResponse("202", new ApiResponse()));
        OpenAPI api = new OpenAPI().paths(new Paths()
                .addPathItem("/api/orders/{orderId}", new PathItem().get(read).post(write))
                .addPathItem("/webhooks/{shopId}", new PathItem().post(webhook)));

        new GatewayAnswers().customise(api);

        assertThat(read.getResponses()).containsKeys("200", "401", "429", "502", "503", "504");
        assertThat(read.getResponses().get("429").getHeaders()).containsKey("Retry-After");
        assertThat(read.getResponses().get("503").getHeaders()).containsKey("Retry-After");
        assertThat(read.getResponses().get("504").getContent()).containsKey("application/problem+json");
        assertThat(write.getResponses().get("503").getDescription()).isEqualTo("the service's own words");
        assertThat(webhook.getResponses()).containsOnlyKeys("202");
        assertThat(api.getComponents().getSchemas()).containsKey(GatewayAnswers.PROBLEM);
    }
}
