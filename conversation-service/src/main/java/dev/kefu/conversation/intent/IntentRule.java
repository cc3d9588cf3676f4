package dev.kefu.conversation.intent;

import java.util.regex.Pattern;

/**
 * One weighted rule of the classifier: a pattern over {@link BuyerText#fold folded} text and what a match is worth to
 * its intent. A message gets an intent when the rules it matches add up to at least {@link IntentRules#THRESHOLD}.
 *
 * @param intent what a match is evidence of ({@code null} for a guard)
 * @param kind   how the match counts
 * @param name   a short label for explanations and the accuracy report
 */
record IntentRule(Intent intent, Kind kind, String name, Pattern pattern) {

    enum Kind {
        /** Consumes its text before any other rule runs and counts for nothing: "这么便宜" is not bargaining. */
        GUARD(0),
        /** Enough on its own, and outweighs a single cue of another intent when ordering. */
        STRONG(2),
        /** Enough on its own. */
        CUE(1),
        /** Needs a second piece of evidence. */
        WEAK(0.5),
        /** Counts only when nothing else was asked: "谢谢" after a question is politeness, alone it is thanks. */
        ALONE(1);

        final double weight;

        Kind(double weight) {
            this.weight = weight;
        }
    }
}
