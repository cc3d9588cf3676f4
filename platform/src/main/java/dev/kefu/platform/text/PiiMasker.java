package dev.kefu.platform.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks a buyer's phone numbers and addresses the way Taobao shows them to sellers, before anything reaches Kafka (the gateway masks every inbound free text; order-service the notes agents write in customer files):
 * {@code 13812348000 → 138****8000}, {@code 010-1234-5678 → 010-****-5678},
 * {@code 浙江省杭州市西湖区文三路90号 → 浙江省杭州市西湖区****}. Nothing downstream ever needs the full number or
 * street: replies go through the marketplace's chat, parcels through the marketplace's waybill.
 *
 * <p>Only phone-shaped runs are masked: a run of digits inside a longer run of digits or letters (an order number
 * {@code TB20261123001}, a tracking number {@code ZT7730012345}, a 19-digit Taobao order id) is left alone, and so is
 * one labelled as an order or tracking number ({@code 运单号：13812345678}, {@code order #...}), as the conduct
 * guard of conversation-service tells them apart in replies.
 */
public final class PiiMasker {

    public static final String MASK = "****";

    // A phone never continues a longer alphanumeric run, nor a dotted/dashed number ("2026-11-23", "192.168.1.10").
    private static final String BEFORE = "(?<![0-9A-Za-z])(?<![0-9][.-])";
    private static final String AFTER = "(?![0-9A-Za-z])(?![.-][0-9])";
    private static final Pattern PHONE = Pattern.compile(BEFORE + "(?:"
            // China mobile: 1[3-9]x xxxx xxxx, optionally +86 / 0086, spaced or dashed
            + "(?:(?:\\+|00)86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
            // Korea: mobile 010-1234-5678, Seoul 02-123-4567, regions 031.., 070; or +82 10-...
            + "|(?:\\+82[ -]?0?|0)(?:1[016789]|2|[3-6][1-5]|70)[ -]?[0-9]{3,4}[ -]?[0-9]{4}"
            // China landline with its area code, dashed: 0571-88888888
            + "|0[1-9][0-9]{1,2}-[0-9]{7,8}"
            // North America, with separators (a bare 10-digit run is more often an id than a phone): (415) 555-0132
            + "|(?:\\+1[ .-]?)?(?:\\([0-9]{3}\\) ?|[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4}"
            // Any other international number written with its + country code: +44 20 7946 0958
            + "|\\+[1-9][0-9]{0,2}[ -]?[0-9]{1,4}(?:[ -]?[0-9]{2,4}){1,4}"
            + ")" + AFTER);

    /** The words that say the number right after them is an order or tracking number, not a phone. */
    private static final Pattern ORDER_LABEL = Pattern.compile(
            "(?:订单|单号|运单|快递单|物流单|order|tracking|waybill|parcel|주문|운송장|송장)\\s*"
                    + "(?:号|编号|번호|number|no\\.?|id|#)?\\s*(?:是|为|is)?\\s*[:：#]?\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** Masks every phone number in a free text; the text is returned as is when it holds none. */
    public static String maskPhones(String text) {
        if (!mayHoldPhone(text)) {
            return text;
        }
        Matcher m = PHONE.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            String phone = m.group();
            int digits = countDigits(phone);
            if (digits < 7 || digits > 15 || labelledAsOrder(text, m.start())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, m.start()).append(maskPhone(phone));
            copied = m.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean labelledAsOrder(String text, int start) {
        return ORDER_LABEL.matcher(text).region(Math.max(0, start - 16), start).find();
    }

    /** At least 7 digits: below that nothing is phone-shaped, and most texts are passed without running the regex. */
    private static boolean mayHoldPhone(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++digits >= 7) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the country code, the first group of the national number (the mobile prefix or area code, at most 4 digits;
     * 3 when the number is written without separators) and the last 4 digits; every other digit becomes {@code *},
     * separators stay: {@code +86 138 1234 8000 → +86 138 **** 8000}.
     */
    public static String maskPhone(String phone) {
        int prefix = phone.startsWith("+") ? 1 : phone.startsWith("00") ? 2 : 0;
        int country = prefix == 0 ? 0 : countryCodeLength(phone, prefix);
        int at = prefix + country;
        while (at < phone.length() && !isDigit(phone.charAt(at))) {
            at++;
        }
        int firstGroup = 0;
        while (at + firstGroup < phone.length() && isDigit(phone.charAt(at + firstGroup))) {
            firstGroup++;
        }
        boolean separated = at + firstGroup < phone.length();
        int digits = countDigits(phone) - (prefix == 2 ? 2 : 0);
        int keepHead = country + (separated && firstGroup <= 4 ? firstGroup : 3);
        if (digits - keepHead - 4 < 3) {
            keepHead = Math.max(country, digits - 4 - 3);
        }
        StringBuilder masked = new StringBuilder(phone.length());
        int seen = 0;
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (i >= prefix && isDigit(c)) {
                masked.append(seen < keepHead || seen >= digits - 4 ? c : '*');
                seen++;
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int countryCodeLength(String phone, int at) {
        for (String known : new String[]{"86", "82", "1"}) {
            if (phone.startsWith(known, at)) {
                return known.length();
            }
        }
        int n = 0;
        while (at + n < phone.length() && isDigit(phone.charAt(at + n)) && n < 3) {
            n++;
        }
        // Written without a separator after the country code, its length is a guess: the shortest common one.
        boolean separated = at + n < phone.length() && !isDigit(phone.charAt(at + n));
        return separated ? n : Math.min(n, 2);
    }

    private static int countDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                n++;
            }
        }
        return n;
    }

    // --- addresses -------------------------------------------------------------------------------------------------

    private static final String PROVINCES = "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南"
            + "|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门";
    /** A Chinese place name: Han characters that are not an administrative or street suffix. */
    private static final String NAME = "[\\p{IsHan}&&[^省市区县旗盟路街道巷弄号村镇乡栋楼室层]]";
    private static final String SEP = "[\\s,，、]*";
    private static final String CITY = NAME + "{1,8}?(?:市|自治州|地区|盟)";
    private static final String DISTRICT = NAME + "{1,8}?(?:区|县|旗|市)";
    private static final Pattern CHINA_FROM_PROVINCE = Pattern.compile("(?:(?<=中国)|(?<!\\p{IsHan}))(?:" + PROVINCES + ")"
            + "(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"
            + "(?:" + SEP + CITY + ")?(?:" + SEP + DISTRICT + ")?");
    private static final Pattern CHINA_FROM_CITY = Pattern.compile("^\\s*" + CITY + "(?:" + SEP + DISTRICT + ")?");

    private static final Pattern KOREA_TOP = Pattern.compile("[\\uAC00-\\uD7A3]+(?:특별시|광역시|특별자치시|특별자치도|도)"
            + "|서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주");
    private static final Pattern KOREA_LOCAL = Pattern.compile("[\\uAC00-\\uD7A3]+(?:시|군|구)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern COMMA = Pattern.compile("\\s*[,，]\\s*");
    private static final Set<String> STREET_WORDS = Set.of("street", "st", "road", "rd", "avenue", "ave", "av",
            "boulevard", "blvd", "lane", "ln", "drive", "dr", "way", "parkway", "pkwy", "court", "ct", "place", "pl",
            "square", "sq", "highway", "hwy", "terrace", "close", "crescent", "alley", "row", "strasse", "straße",
            "str", "weg", "platz", "allee", "gasse", "rue", "via", "viale", "calle", "avenida", "rua", "laan", "gracht",
            "apt", "apartment", "suite", "ste", "unit", "flat", "floor", "fl", "room", "rm", "building", "bldg",
            "block", "house", "po", "box", "p.o.");

    /**
     * Keeps the coarse region of a delivery address and hides the rest behind {@code ****}: the province, city and
     * district of a Chinese address; the 시·도 and 시·군·구 of a Korean one; the city, state and country of a
     * comma-separated Latin-script one (postcodes dropped). What cannot be read as such is hidden entirely.
     */
    public static String maskAddress(String address) {
        if (address == null || address.isBlank()) {
            return address;
        }
        boolean han = false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (isHangul(c)) {
                return korean(address);
            }
            han |= (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF');
        }
        return han ? chinese(address) : latin(address);
    }

    private static boolean isHangul(char c) {
        return c >= '\uAC00' && c <= '\uD7A3';
    }

    private static String chinese(String address) {
        Matcher m = CHINA_FROM_PROVINCE.matcher(address);
        if (!m.find()) {
            m = CHINA_FROM_CITY.matcher(address);
            if (!m.find()) {
                return MASK;
            }
        }
        return m.group().strip() + MASK;
    }

    private static String korean(String address) {
        List<String> kept = new ArrayList<>(3);
        for (String token : WHITESPACE.split(address.strip())) {
            if (kept.isEmpty() && token.chars().noneMatch(c -> isHangul((char) c))) {
                continue; // a leading postcode such as (06236)
            }
            boolean region = kept.isEmpty()
                    ? KOREA_TOP.matcher(token).matches() || KOREA_LOCAL.matcher(token).matches()
                    : KOREA_LOCAL.matcher(token).matches();
            if (!region || kept.size() == 3) {
                break;
            }
            kept.add(token);
        }
        return kept.isEmpty() ? MASK : String.join(" ", kept) + " " + MASK;
    }

    private static String latin(String address) {
        String[] parts = COMMA.split(address.strip());
        List<String> kept = new ArrayList<>(3);
        // From the end: country, state, city... up to the first part that names a street, unit or house; the first
        // part (street line or name) is never kept.
        for (int i = parts.length - 1; i >= 1 && kept.size() < 3; i--) {
            String region = region(parts[i]);
            if (region == null) {
                break;
            }
            if (!region.isEmpty()) {
                kept.add(0, region);
            }
        }
        return kept.isEmpty() ? MASK : MASK + ", " + String.join(", ", kept);
    }

    /** The part without its postcode, or null when it is a street line (a street word, a unit, a {@code #}). */
    private static String region(String part) {
        StringBuilder words = new StringBuilder();
        for (String token : WHITESPACE.split(part)) {
            String word = token.toLowerCase(Locale.ROOT).replaceAll("[.,;:]+$", "");
            if (token.startsWith("#") || STREET_WORDS.contains(word)) {
                return null;
            }
            boolean hasDigit = false;
            for (int i = 0; i < token.length() && !hasDigit; i++) {
                hasDigit = Character.isDigit(token.charAt(i));
            }
            if (!hasDigit && !token.isEmpty()) {
                words.append(words.isEmpty() ? "" : " ").append(token);
            }
        }
        return words.toString();
    }

    private PiiMasker() {
    }
}
