package dev.kefu.aftersales.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A resolved case's follow-up visit (回访) and the buyer's satisfaction answer (CSAT). {@code DUE} from the
 * resolution on (the visit is owed from {@code dueAt}), {@code VISITED} once the shop asked the buyer (the
 * satisfaction-survey script, or an agent who recorded the visit), {@code ANSWERED} once the buyer's score arrived.
 *
 * @param via       how the visit was made: {@code SURVEY} (the satisfaction-survey reply script was sent), {@code AGENT}
 *                  (recorded by an agent, e.g. after a phone call)
 * @param messageId the survey message (for {@code SURVEY})
 * @param note      the agent's note of the visit (for {@code AGENT})
 */
public record FollowUp(Status status, Instant dueAt, Instant visitedAt, String visitedBy, Via via, String messageId,
                       String note, Csat csat) {

    /** A score sent as a chat message counts this long after the visit; later, "5" is just a chat message. */
    public static final Duration ANSWER_WINDOW = Duration.ofDays(7);

    public enum Status { DUE, VISITED, ANSWERED }

    public enum Via { SURVEY, AGENT }

    /**
     * The buyer's answer: {@code score} 1-5 (5 best), {@code comment} when there is one, {@code at} when the buyer
     * answered, {@code via} {@code MESSAGE} (a chat message that was just the score) or {@code CSAT_EVENT} (the
     * marketplace's {@code csat.received}), {@code ref} the message or event it came from.
     */
    public record Csat(int score, String comment, Instant at, Source via, String ref) {

        public enum Source { MESSAGE, CSAT_EVENT }

        public Csat {
            if (score < 1 || score > 5) {
                throw new IllegalArgumentException("a satisfaction score is 1-5, not " + score);
            }
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(via, "via");
        }
    }

    static FollowUp due(Instant dueAt) {
        return new FollowUp(Status.DUE, Objects.requireNonNull(dueAt, "dueAt"), null, null, null, null, null, null);
    }

    FollowUp visited(String agentId, Via how, String message, String text, Instant at) {
        return new FollowUp(Status.VISITED, dueAt, at, agentId, how, message, text, csat);
    }

    FollowUp answered(Csat answer) {
        return new FollowUp(Status.ANSWERED, dueAt, visitedAt, visitedBy, via, messageId, note, answer);
    }

    /** Whether a chat message sent at {@code at} can be the buyer's answer to this visit. */
    boolean awaitsAnswerAt(Instant at) {
        return status == Status.VISITED && !at.isBefore(visitedAt) && at.isBefore(visitedAt.plus(ANSWER_WINDOW));
    }
}
