package dev.kefu.gateway.composite;

import dev.kefu.gateway.summary.SummaryMarkdown;
import dev.kefu.gateway.summary.SummaryPeriod;
import dev.kefu.gateway.summary.SummaryRules;
import dev.kefu.gateway.summary.SummaryTargets;
import dev.kefu.gateway.summary.WorkSummary;
import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.security.Agent;
import dev.kefu.platform.shop.ShopSettings;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/summaries?period=day|week&date=YYYY-MM-DD[&agentId=][&lang=zh|ko|en]}: the work summary (工作总结) of
 * the shop's local day or ISO week (Monday first) holding {@code date}, in the shop's time zone. Its figures are the
 * KPIs of that window fetched as {@code /api/kpis} fetches them ({@link KpiSources}), so both show the same numbers;
 * the notable items and improvement points are derived from them ({@link SummaryRules}) and the whole is rendered as
 * Markdown ({@link SummaryMarkdown}) in the caller's language: {@code lang}, else the token's {@code lang} claim, else
 * the shop's language. Who sees what is as for the KPIs: a supervisor the shop and every agent (or one), an agent
 * their own section only.
 */
@RestController
class SummaryController {

    /** The optional token claim naming the agent's language. */
    static final String LANGUAGE_CLAIM = "lang";

    private final KpiSources kpis;
    private final ShopSettings shops;
    private final SummaryTargets targets;
    private final SummaryMarkdown markdown = SummaryMarkdown.standard();

    SummaryController(KpiSources kpis, ShopSettings shops, SummaryTargets targets) {
        this.kpis = kpis;
        this.shops = shops;
        this.targets = targets;
    }

    @Operation(summary = "The work summary of a local day or week: figures, notable items, improvement points",
            description = """
                    The window is the shop's local day (period=day) or the ISO week holding date (period=week), in \
                    the shop's time zone. shop (absent for one agent's summary) and agents each hold figures (the \
                    KPIs of the window, as /api/kpis gives them), notable (the longest waits and the escalated cases) \
                    and improvements (each rule that fired, its values and its text); markdown is the whole summary \
                    in language (zh, ko or en).""")
    @GetMapping("/api/summaries")
    Mono<WorkSummary> summary(@AuthenticationPrincipal Jwt jwt,
                              @Parameter(description = "day or week") @RequestParam(required = false) String period,
                              @Parameter(description = "YYYY-MM-DD, a day of the shop's calendar")
                              @RequestParam(required = false) String date,
                              @RequestParam(required = false) String agentId,
                              @Parameter(description = "zh, ko or en") @RequestParam(required = false) String lang) {
        Requests check = Requests.check();
        SummaryPeriod.Kind kind = check.oneOf("period", period, SummaryPeriod.Kind.class, true);
        LocalDate day = null;
        if (date == null || date.isBlank()) {
            check.add("date", "is required");
        } else {
            try {
                day = LocalDate.parse(date.strip());
            } catch (DateTimeParseException e) {
                check.add("date", "must be a date as YYYY-MM-DD");
            }
        }
        String asked = lang == null || lang.isBlank() ? null : lang.strip().toLowerCase(Locale.ROOT);
        check.rule(asked == null || SummaryMarkdown.LANGUAGES.contains(asked), "lang",
                "must be one of " + SummaryMarkdown.LANGUAGES);
        check.orThrow();
        Agent caller = Agent.of(jwt);
        ShopSettings.Resolved shop = shops.of(caller.shopId());
        SummaryPeriod window = SummaryPeriod.of(kind, day, shop.timeZone());
        KpiQuery query = KpiQuery.of(caller, window.from().toString(), window.to().toString(), agentId);
        String language = asked != null ? asked : language(jwt.getClaimAsString(LANGUAGE_CLAIM), shop.language());
        SummaryRules.Targets held = targets.of(shop.shopId(), shop.sla().firstResponse());
        return kpis.of(query, jwt.getTokenValue()).map(k -> {
            WorkSummary.Section shopSection = k.shop() == null ? null : section(k.shop(), held, language);
            Map<String, WorkSummary.Section> agents = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> agent : k.agents().properties()) {
                agents.put(agent.getKey(), section(agent.getValue(), held, language));
            }
            String text = markdown.render(language, shop.name(), window, held, shopSection, agents, k.unavailable());
            return new WorkSummary(window.name(), window.date(), window.firstDay(), window.lastDay(), window.from(),
                    window.to(), window.zone().getId(), language, shopSection, agents, k.unavailable(), text);
        });
    }

    private WorkSummary.Section section(JsonNode figures, SummaryRules.Targets held, String language) {
        List<WorkSummary.Improvement> improvements = SummaryRules.apply(SummaryRules.Input.of(figures), held).stream()
                .map(f -> new WorkSummary.Improvement(f.rule(), f.values(), markdown.improvement(language, f)))
                .toList();
        return new WorkSummary.Section(figures, WorkSummary.Notable.of(figures), improvements);
    }

    /** The token's language when it is one the summaries are written in, else the shop's, else Chinese. */
    static String language(String claim, String shopLanguage) {
        for (String candidate : new String[] {claim, shopLanguage}) {
            if (candidate != null && SummaryMarkdown.LANGUAGES.contains(candidate.toLowerCase(Locale.ROOT))) {
                return candidate.toLowerCase(Locale.ROOT);
            }
        }
        return "zh";
    }
}
