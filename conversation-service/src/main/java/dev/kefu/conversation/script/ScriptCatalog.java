package dev.kefu.conversation.script;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop's reply scripts (话术), taken from the customer-service training material: greeting, payment thanks,
 * delay apology, complaint acknowledgement, bad-review follow-up... Rendering fills {@code {placeholders}} and
 * refuses to send a text with a blank left in it.
 */
public final class ScriptCatalog {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    public static final String FALLBACK_LANGUAGE = "zh";

    private final Map<String, Script> scripts;

    private ScriptCatalog(Map<String, Script> scripts) {
        this.scripts = scripts;
    }

    public static ScriptCatalog load(String resource) {
        try (InputStream in = ScriptCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script catalogue " + resource);
            }
            Map<String, Script> scripts = new LinkedHashMap<>();
            for (JsonNode s : JsonMapper.shared().readTree(in).get("scripts")) {
                Map<String, String> text = new LinkedHashMap<>();
                s.get("text").properties().forEach(e -> text.put(e.getKey(), e.getValue().asString()));
                scripts.put(s.get("key").asString(), new Script(s.get("key").asString(), s.get("stage").asString(),
                        s.get("trigger").asString(), Map.copyOf(text)));
            }
            return new ScriptCatalog(Map.copyOf(scripts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Script> all() {
        return scripts.values().stream().sorted(Comparator.comparing(Script::key)).toList();
    }

    public Optional<Script> find(String key) {
        return Optional.ofNullable(scripts.get(key));
    }

    /** The script's text in {@code language} (Chinese where it has none), every placeholder filled from {@code values}. */
    public String render(String key, String language, Map<String, String> values) {
        Script script = find(key).orElseThrow(() -> new UnknownScript("no script '" + key + "'"));
        String template = script.text().getOrDefault(language, script.text().get(FALLBACK_LANGUAGE));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null || value.isBlank()) {
                throw new MissingValue("script '" + key + "' needs a value for {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** No script has that key. */
    public static final class UnknownScript extends IllegalArgumentException {
        UnknownScript(String message) {
            super(message);
        }
    }

    /** The script needs a value (a placeholder) that was not given. */
    public static final class MissingValue extends IllegalArgumentException {
        MissingValue(String message) {
            super(message);
        }
    }

    public boolean hasLanguage(String language) {
        return scripts.values().stream().allMatch(s -> s.text().containsKey(language));
    }
}
