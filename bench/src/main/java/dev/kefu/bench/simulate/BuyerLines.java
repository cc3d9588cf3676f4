package dev.kefu.bench.simulate;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What simulated buyers write, in Chinese and Korean, per situation. The situations are the ones the seeds
 * (/work/shared/seeds: Taobao customer-service training and job texts) describe buyers bringing to an agent:
 * haggling before paying, asking when it ships, chasing a parcel that does not move, a parcel lost or not delivered,
 * wrong size or poor quality and a return, refunds, good reviews and bad ones with their reasons. Short lines, as
 * typed into a marketplace chat.
 */
final class BuyerLines {

    enum Language { ZH, KO }

    enum Situation {
        HAGGLE, UNDECIDED, WHEN_SHIPPED, STALLED, DELIVERY_FAILED, LOST, RECEIVED, CHANGE_MIND,
        WRONG_SIZE, POOR_QUALITY, REFUND_CHASE, GOOD_REVIEW, BAD_REVIEW, REVISED_REVIEW
    }

    private static final Map<Situation, List<String>> ZH = Map.ofEntries(
            Map.entry(Situation.HAGGLE, List.of("能便宜点吗", "老板，两件能打个折吗？", "包邮吗？", "有优惠券吗", "便宜十块我就拍了")),
            Map.entry(Situation.UNDECIDED, List.of("我再考虑一下", "这个颜色还有货吗？", "先不买了，谢谢")),
            Map.entry(Situation.WHEN_SHIPPED, List.of("什么时候发货", "今天能发货吗？", "付款了，麻烦尽快发货", "发什么快递？")),
            Map.entry(Situation.STALLED, List.of("物流三天没更新了", "快递怎么一直不动？", "帮我查一下物流吧", "到底什么时候能到？")),
            Map.entry(Situation.DELIVERY_FAILED, List.of("快递说派送失败了", "我没收到，快递却说无人签收", "能重新派送吗？")),
            Map.entry(Situation.LOST, List.of("快递说包裹丢了，怎么办？", "物流显示丢件了", "东西丢了，给我退款吧")),
            Map.entry(Situation.RECEIVED, List.of("收到了，谢谢", "东西不错，很喜欢", "已签收，包装很好")),
            Map.entry(Situation.CHANGE_MIND, List.of("拍错了，不想要了", "能取消订单吗？", "还没发货的话帮我退款")),
            Map.entry(Situation.WRONG_SIZE, List.of("尺码不合适想退货", "偏小了，能换大一码吗？", "穿着太大了，想换货")),
            Map.entry(Situation.POOR_QUALITY, List.of("质量太差了", "收到就是坏的", "和图片不一样，我要退货", "有色差，想退")),
            Map.entry(Situation.REFUND_CHASE, List.of("退款什么时候到账？", "退货已经寄回了，请查收", "麻烦快点处理退款")),
            Map.entry(Situation.GOOD_REVIEW, List.of("质量很好，物流也快，好评！", "和描述一致，客服态度好", "很满意，会回购的", "包装仔细，五星")),
            Map.entry(Situation.BAD_REVIEW, List.of("物流太慢了，等了一个星期", "质量差，用了一天就坏了", "尺码不准，退货还麻烦", "客服不回消息，差评")),
            Map.entry(Situation.REVISED_REVIEW, List.of("客服处理得很及时，改成好评", "问题解决了，给个中评", "换货后满意了")));

    private static final Map<Situation, List<String>> KO = Map.ofEntries(
            Map.entry(Situation.HAGGLE, List.of("좀 싸게 해 주실 수 있나요?", "두 개 사면 할인돼요?", "무료 배송인가요?", "쿠폰 있어요?")),
            Map.entry(Situation.UNDECIDED, List.of("좀 더 생각해 볼게요", "이 색상 재고 있어요?", "다음에 살게요, 감사합니다")),
            Map.entry(Situation.WHEN_SHIPPED, List.of("언제 발송되나요?", "오늘 발송 가능해요?", "결제했어요, 빨리 보내 주세요", "어느 택배로 보내요?")),
            Map.entry(Situation.STALLED, List.of("배송이 너무 늦어요", "배송 조회가 3일째 그대로예요", "택배가 안 움직여요, 확인해 주세요")),
            Map.entry(Situation.DELIVERY_FAILED, List.of("배송 실패라고 나와요", "집에 있었는데 못 받았어요", "다시 배송해 주세요")),
            Map.entry(Situation.LOST, List.of("택배가 분실됐대요", "물건이 없어졌어요, 어떻게 해요?", "분실이면 환불해 주세요")),
            Map.entry(Situation.RECEIVED, List.of("잘 받았어요, 감사합니다", "물건 좋네요", "포장이 꼼꼼해요")),
            Map.entry(Situation.CHANGE_MIND, List.of("잘못 주문했어요, 취소해 주세요", "아직 발송 전이면 환불해 주세요")),
            Map.entry(Situation.WRONG_SIZE, List.of("사이즈가 안 맞아서 반품하고 싶어요", "작아요, 한 치수 큰 걸로 교환돼요?", "너무 커요, 교환하고 싶어요")),
            Map.entry(Situation.POOR_QUALITY, List.of("품질이 너무 안 좋아요", "받자마자 고장 났어요", "사진이랑 달라요, 반품할게요")),
            Map.entry(Situation.REFUND_CHASE, List.of("환불해 주세요", "환불 언제 돼요?", "반품 보냈어요, 확인해 주세요")),
            Map.entry(Situation.GOOD_REVIEW, List.of("품질 좋고 배송도 빨라요!", "설명이랑 똑같아요, 만족합니다", "재구매 의사 있어요")),
            Map.entry(Situation.BAD_REVIEW, List.of("배송이 너무 늦었어요", "품질이 별로예요, 하루 만에 고장", "사이즈가 안 맞고 교환도 번거로워요", "문의해도 답이 없어요")),
            Map.entry(Situation.REVISED_REVIEW, List.of("고객센터가 빨리 해결해 줬어요", "교환 후 만족합니다")));

    private BuyerLines() {
    }

    static String line(Language language, Situation situation, Random random) {
        List<String> lines = (language == Language.ZH ? ZH : KO).get(situation);
        return lines.get(random.nextInt(lines.size()));
    }
}
