package dev.kefu.conversation.intent;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds a buyer message into the one form the rules are written against: NFKC (full-width letters, digits and
 * punctuation become half-width), lower case, the traditional characters buyers commonly type mapped to simplified,
 * a few chat spellings (神马 → 什么, 木有 → 没有, 咋 → 怎么, pls → please), apostrophes dropped (can't → cant),
 * repeated punctuation and whitespace collapsed.
 */
final class BuyerText {

    /** Clause boundaries: a negation or a pairing rule never reaches across one. */
    static final String PUNCT = ",.!?;:，。！？；：、~\n";

    private static final Map<Character, Character> TRADITIONAL = traditional(
            "們们嗎吗貨货發发運运費费還还沒没換换號号碼码訴诉評评謝谢價价優优點点郵邮遞递單单麼么時时幾几過过錢钱買买"
            + "賣卖給给這这個个顏颜質质騙骗滿满讚赞問问題题說说話话請请幫帮達达轉转帳账賬账務务無无處处壞坏爛烂寶宝貝贝"
            + "現现庫库裡里裏里變变聯联係系電电親亲會会來来樣样種种適适長长寬宽對对應应該该禮礼贈赠獎奖勵励紅红圖图態态"
            + "極极實实戶户則则經经雙双車车報报銷销補补錯错誤误產产詢询證证據据額额邊边門门開开關关將将歡欢讓让氣气"
            + "後后収收簽签揀拣遲迟準准時时麵面壓压繩绳鏈链襪袜褲裤裝装製制們们剛刚讀读謊谎騙骗詐诈");

    private static final Map<String, String> SPELLINGS = spellings();
    /** Chinese spellings anywhere; Latin ones as whole words only ("u" but not the u of "buy"). */
    private static final Pattern SPELLING = Pattern.compile(SPELLINGS.keySet().stream()
            .map(k -> k.chars().allMatch(c -> c < 0x80) ? "\\b" + k + "\\b" : k)
            .reduce((a, b) -> a + "|" + b).orElseThrow());
    private static final Pattern ZERO_WIDTH = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF]");
    private static final Pattern APOSTROPHE = Pattern.compile("(?<=\\p{IsLatin})['’‘](?=\\p{IsLatin})");
    private static final Pattern REPEATED = Pattern.compile("([!?.,~。！？，、])\\1+");
    private static final Pattern MIXED_MARKS = Pattern.compile("[!?]{2,}");
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\n\\s*");
    private static final Pattern SPACE = Pattern.compile("[^\\S\\n]+");

    private BuyerText() {
    }

    static String fold(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = ZERO_WIDTH.matcher(s).replaceAll("");
        StringBuilder simplified = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            simplified.append(TRADITIONAL.getOrDefault(c, c));
        }
        s = APOSTROPHE.matcher(simplified).replaceAll("");
        Matcher m = SPELLING.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(SPELLINGS.get(m.group())));
        }
        s = m.appendTail(out).toString();
        s = REPEATED.matcher(s).replaceAll("$1");
        s = MIXED_MARKS.matcher(s).replaceAll("?");
        s = LINE_BREAK.matcher(s).replaceAll("\n");
        return SPACE.matcher(s).replaceAll(" ").strip();
    }

    private static Map<Character, Character> traditional(String pairs) {
        Map<Character, Character> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length(); i += 2) {
            map.put(pairs.charAt(i), pairs.charAt(i + 1));
        }
        return Map.copyOf(map);
    }

    private static Map<String, String> spellings() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("神马", "什么");
        map.put("木有", "没有");
        map.put("肿么", "怎么");
        map.put("啥时候", "什么时候");
        map.put("啥时", "什么时候");
        map.put("咋", "怎么");
        map.put("pls", "please");
        map.put("plz", "please");
        map.put("thx", "thanks");
        map.put("u", "you");
        map.put("ur", "your");
        return map;
    }
}
