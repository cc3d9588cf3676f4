package dev.kefu.aftersales.cases;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A case's notes as dispute evidence, through the API and the Mongo wire server: notes added by agents export as a
 * verified transcript; a note's text edited in the database afterwards is named by the verification; notes stored
 * before notes were chained still load and are chained by the next note.
 */
@KefuServiceIT
// a context of its own: a cached one reused after another class started its broker would be handed that broker's address
@TestPropertySource(properties = "kefu.test.context=case-transcript")
class CaseTranscriptIT {

    private static final String SHOP = "shop-demo";
    private static final String AGENT = TestTokens.agentOf(SHOP);

    @Autowired
    WebTestClient http;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void notesExportVerifiedAndANoteEditedInTheDatabaseIsNamed() {
        String caseId = open();
        for (String text : List.of("买家称不退款就差评，聊天记录已保存", "已核实物流签收记录", "按平台规则处理")) {
            addNote(caseId, text);
        }

        JsonNode transcript = transcript(caseId);
        assertThat(transcript.at("/verification/verified").asBoolean()).isTrue();
        assertThat(transcript.at("/head/seq").asLong()).isEqualTo(3);
        assertThat(transcript.get("unchained").asInt()).isZero();
        assertThat(transcript.get("entries")).extracting(e -> e.get("text").asString())
                .containsExactly("买家称不退款就差评，聊天记录已保存", "已核实物流签收记录", "按平台规则处理");
        assertThat(transcript.at("/entries/2/prev").asString()).isEqualTo(transcript.at("/entries/1/hash").asString());
        assertThat(transcript.at("/entries/1/author").asString()).isEqualTo("agent-8");

        mongo.updateFirst(byId(caseId), new Update().set("state.notes.1.text", "买家同意不退款"), CaseDocument.COLLECTION)
                .block();

        JsonNode tampered = transcript(caseId);
        assertThat(tampered.at("/entries/1/text").asString()).isEqualTo("买家同意不退款");
        assertThat(tampered.at("/verification/verified").asBoolean()).isFalse();
        assertThat(tampered.at("/verification/brokenAtSeq").asLong()).isEqualTo(2);
        assertThat(tampered.at("/verification/brokenEntryId").asString()).isEqualTo("note-2");
        assertThat(tampered.at("/verification/reason").asString()).contains("content does not match its hash");
    }

    @Test
    void anotherShopsOrAnUnknownCaseIsNotFound() {
        String caseId = open();

        get("/api/cases/" + caseId + "/transcript", TestTokens.agentOf("shop-rival")).expectStatus().isNotFound();
        get("/api/cases/CS-UNKNOWN/transcript", AGENT).expectStatus().isNotFound();
    }

    @Test
    void notesStoredBeforeChainingLoadAndAreChainedByTheNextNote() {
        String caseId = open();
        Document old = new Document("author", "agent-3").append("text", "买家电话沟通过")
                .append("at", Date.from(Instant.parse("2026-11-01T08:00:00.123Z")));
        mongo.updateFirst(byId(caseId), new Update().set("state.notes", List.of(old)), CaseDocument.COLLECTION).block();

        JsonNode before = transcript(caseId);
        assertThat(before.get("unchained").asInt()).isEqualTo(1);
        assertThat(before.at("/entries/0/seq").isNull()).isTrue();
        assertThat(before.at("/verification/verified").asBoolean()).isTrue();

        addNote(caseId, "已补发");
        JsonNode after = transcript(caseId);
        assertThat(after.get("unchained").asInt()).isZero();
        assertThat(after.get("entries")).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L);
        assertThat(after.at("/entries/0/text").asString()).isEqualTo("买家电话沟通过");
        assertThat(after.at("/verification/verified").asBoolean()).isTrue();
    }

    private String open() {
        String location = http.post().uri("/api/cases").headers(h -> h.setBearerAuth(AGENT))
                .bodyValue(Map.of("buyerId", "buyer-" + UUID.randomUUID(), "platform", "taobao", "kind", "COMPLAINT",
                        "reason", "买家恶意差评"))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().toString();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private void addNote(String caseId, String text) {
        http.post().uri("/api/cases/" + caseId + "/notes").headers(h -> h.setBearerAuth(AGENT))
                .bodyValue(Map.of("text", text)).exchange().expectStatus().isOk();
    }

    private JsonNode transcript(String caseId) {
        return EventJson.mapper().readTree(get("/api/cases/" + caseId + "/transcript", AGENT).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
    }

    private WebTestClient.ResponseSpec get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private static Query byId(String caseId) {
        return Query.query(Criteria.where("_id").is(SHOP + ":" + caseId));
    }
}
