package dev.kefu.gateway.ingest;

import dev.kefu.platform.text.PiiMasker;

/**
 * What the gateway does to every free text of a webhook (chat text, review content, reasons, descriptions, item
 * titles) before it goes to Kafka: control characters other than {@code \n} and {@code \t} are removed (a NUL, an
 * escape sequence or a carriage return has no place in a chat bubble or an agent's screen), as are the bidirectional
 * overrides that make text display in another order than it reads (U+202A..U+202E, U+2066..U+2069) and unpaired
 * surrogates; then phone numbers are masked ({@link PiiMasker#maskPhones}). Removing rather than refusing keeps a
 * buyer's message that a client garbled: a refused message would be lost for good.
 */
final class FreeText {

    private FreeText() {
    }

    static String clean(String text) {
        return PiiMasker.maskPhones(withoutControlCharacters(text));
    }

    static String withoutControlCharacters(String text) {
        int i = 0;
        while (i < text.length() && allowed(text, i)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, i);
        for (; i < text.length(); i++) {
            if (allowed(text, i)) {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    private static boolean allowed(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20) {
            return c == '\n' || c == '\t';
        }
        if (c < 0x7F) {
            return true;
        }
        if (c <= 0x9F) {
            return false;
        }
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return true;
    }
}
