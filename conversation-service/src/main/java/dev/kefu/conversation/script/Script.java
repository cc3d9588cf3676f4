package dev.kefu.conversation.script;

import java.util.Map;

/** One reply script of the catalogue: when it is used and its text per language ({@code zh}, {@code ko}, {@code en}). */
public record Script(String key, String stage, String trigger, Map<String, String> text) {
}
