package dev.kefu.order.customer;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.InvalidRequestException;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/customers/{buyerId}/file}: the buyer's file with the caller's shop (another shop's buyer is not found).
 * Read by the gateway's customer overview; edited by any agent of the shop, every change recorded.
 */
@RestController
class CustomerFileController {

    /** How many items one request may add or remove per list. */
    static final int MAX_PER_REQUEST = 20;
    static final int MAX_ID = 64;

    private final CustomerFiles files;

    CustomerFileController(CustomerFiles files) {
        this.files = files;
    }

    @GetMapping("/api/customers/{buyerId}/file")
    Mono<CustomerFile> file(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId) {
        return files.file(Agent.of(jwt).shopId(), buyerId)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no file of " + buyerId)));
    }

    @Operation(summary = "Add or remove tags, notes and special requests of a buyer's file",
            description = """
                    Removals first, then additions; each change is recorded in changes (at, by, field, action, value). \
                    Limits: a tag 1-20 characters, at most 20 tags; a note 1-500 characters, at most 50; a special \
                    request 1-200 characters, at most 10; at most 20 items per list and request. Notes and special \
                    requests are removed by their id. Every bad field is a 400 naming it (addTags[2]).""")
    @PatchMapping("/api/customers/{buyerId}/file")
    Mono<CustomerFile> edit(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId,
                            @RequestBody EditBody body) {
        Requests check = Requests.check();
        check.rule(buyerId.length() <= 128, "buyerId", "must be at most 128 characters");
        CustomerFile.Edit edit = new CustomerFile.Edit(
                texts(check, "addTags", body.addTags(), CustomerFile.MAX_TAG_LENGTH),
                texts(check, "removeTags", body.removeTags(), CustomerFile.MAX_TAG_LENGTH),
                texts(check, "addNotes", body.addNotes(), CustomerFile.MAX_NOTE_LENGTH),
                texts(check, "removeNotes", body.removeNotes(), MAX_ID),
                texts(check, "addSpecialRequests", body.addSpecialRequests(), CustomerFile.MAX_SPECIAL_REQUEST_LENGTH),
                texts(check, "removeSpecialRequests", body.removeSpecialRequests(), MAX_ID));
        check.orThrow();
        Agent agent = Agent.of(jwt);
        return files.edit(agent.shopId(), buyerId, edit, agent.agentId())
                .onErrorMap(CustomerFile.LimitExceeded.class, e -> InvalidRequestException.of(e.field(), e.getMessage()));
    }

    /**
     * An edit: what to add (texts) and remove (tags by text, notes and requests by id); each optional.
     */
    record EditBody(List<String> addTags, List<String> removeTags, List<String> addNotes, List<String> removeNotes,
                    List<String> addSpecialRequests, List<String> removeSpecialRequests) {
    }

    private static List<String> texts(Requests check, String field, List<String> values, int maxLength) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_PER_REQUEST) {
            check.add(field, "at most " + MAX_PER_REQUEST + " items per request");
            return List.of();
        }
        List<String> clean = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "" : values.get(i).strip();
            String name = field + "[" + i + "]";
            if (value.isEmpty()) {
                check.add(name, "must not be blank");
            } else if (value.length() > maxLength) {
                check.add(name, "must be at most " + maxLength + " characters");
            } else if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
                check.add(name, "must not contain control characters");
            } else {
                clean.add(value);
            }
        }
        return clean;
    }
}
