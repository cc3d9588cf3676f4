package dev.kefu.bench.simulate;

import dev.kefu.bench.simulate.BuyerLines.Language;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace.Action;

/** The carrier's wording of a scan, as a Chinese or a Korean carrier prints it in its tracking page. */
final class TraceTexts {

    private TraceTexts() {
    }

    static String of(Language language, Action action, String carrier, String location) {
        String where = location == null ? "" : location;
        return language == Language.ZH ? zh(action, carrier, where) : ko(action, carrier, where);
    }

    private static String zh(Action action, String carrier, String where) {
        return switch (action) {
            case CONSIGN -> "卖家已发货";
            case GOT -> "【" + where + "】" + carrier + "快递员已揽收";
            case DEPARTURE -> "快件已从【" + where + "转运中心】发出";
            case ARRIVAL -> "快件已到达【" + where + "转运中心】";
            case SENT_SCAN -> "【" + where + "】快递员正在派送中";
            case SIGNED -> "已签收，签收人：本人";
            case FAILED -> "派送失败：联系不上收件人";
            case LOST -> "快件异常：包裹丢失";
        };
    }

    private static String ko(Action action, String carrier, String where) {
        return switch (action) {
            case CONSIGN -> "판매자 발송 완료";
            case GOT -> carrier + " 집화처리 (" + where + ")";
            case DEPARTURE -> "간선상차 (" + where + ")";
            case ARRIVAL -> "간선하차 (" + where + ")";
            case SENT_SCAN -> "배송출발 (" + where + ")";
            case SIGNED -> "배송완료";
            case FAILED -> "배송실패: 수취인 부재";
            case LOST -> "화물 분실";
        };
    }
}
