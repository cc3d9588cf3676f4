package dev.kefu.conversation.intent;

import dev.kefu.conversation.intent.IntentRule.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static dev.kefu.conversation.intent.Intent.ADDRESS_CHANGE;
import static dev.kefu.conversation.intent.Intent.BARGAINING;
import static dev.kefu.conversation.intent.Intent.COMPLAINT;
import static dev.kefu.conversation.intent.Intent.GREETING;
import static dev.kefu.conversation.intent.Intent.LOGISTICS;
import static dev.kefu.conversation.intent.Intent.PAYMENT_TROUBLE;
import static dev.kefu.conversation.intent.Intent.PRAISE;
import static dev.kefu.conversation.intent.Intent.PRODUCT_QUESTION;
import static dev.kefu.conversation.intent.Intent.RETURN_REFUND;
import static dev.kefu.conversation.intent.Intent.SHIPPING_TIME;

/**
 * The classifier's rules, one block per intent, each block Chinese, Korean, English. Patterns run on
 * {@link BuyerText#fold folded} text (lower case, simplified, half-width, no apostrophes). Mixed messages need no rules
 * of their own: the cross-language pairs ({@link #PAY} near {@link #FAIL}, {@link #WHEN} before {@link #SHIP}...) take
 * their words from all three languages, so "付款 failed 了" and "payment 안돼요" pair up like the monolingual ones.
 *
 * <p>How to change a rule: add the phrase to the word list or pattern of its intent, run {@code IntentAccuracyTest},
 * and keep it only if macro-F1 does not drop; a phrase that only fixes one labelled message is a sign the rule is too
 * narrow.
 */
final class IntentRules {

    /** Evidence an intent needs: one cue, one strong phrase, or two weak ones. */
    static final double THRESHOLD = 1.0;

    private static final String CLAUSE = "[^" + BuyerText.PUNCT + "]";

    // words the pairing rules combine, across the three languages
    static final String PAY = "付款|支付|付钱|结账|买单|결제|\\bpay(?:ment)?\\b|checkout";
    static final String FAIL = "失败|不了|不成功|没反应|异常|打不开|出错|报错|错误|卡住|一直转|繁忙|一直显示|提示|\\bfail(?:ed|s|ing)?\\b|\\berror\\b"
            + "|declined|rejected|doesnt work|not working|wont go through|didnt go through|isnt going through|\\bstuck\\b"
            + "|keeps loading|blocked|无响应|没有反应|반응\\s*(?:이|가)?\\s*없|안\\s*눌려|안\\s*[돼되]|오류|실패|에러|막혀|거절|불가";
    static final String WHEN = "什么时候|何时|几时|多久|几天|哪天|多长时间|\\bwhen\\b|how long|how soon|언제|며칠|몇\\s*일";
    static final String SHIP = "发货|发出|寄出|出货|发走|(?:能|才|会|就|给我)?发(?!票|现|生|烧|炎|霉)|\\bship(?:ped|ping|s)?\\b"
            + "|dispatch(?:ed)?|\\bsend (?:it|them|my order|out)|sent out|go out|발송|출고|보내|\\bpost(?:ed)?\\b";
    static final String ARRIVE = "到(?!账|底|位|期)|送到|收到|\\barrive|get here|be delivered|도착|받을\\s*수|와요|오나요|받아\\s*볼";
    static final String ADDRESS = "地址|收货人|收件人|收货信息|收件信息|手机号|电话号码|电话|联系方式|주소|배송지|수령인|받는\\s*분|\\baddress\\b"
            + "|zip ?code|postcode|postal code";
    static final String CHANGE = "改|修改|更改|换|变更|更换|写错|填错|弄错|填成|写成|弄成|错了|不对|변경|수정|바꾸|바꿔|바꿀|잘못|틀"
            + "|\\bchange|\\bupdate|\\bcorrect|\\bfix\\b|\\bwrong\\b|\\bedit\\b|modify|amend|incorrect|typo";
    static final String ATTRIBUTE = "尺码|码数|尺寸|(?<!号)码|偏大|偏小|偏码|正码|身高|体重|\\d+斤|\\d+cm|几寸|寸|材质|面料|纯棉"
            + "|成分|质地|起球|掉色|褪色|缩水|透气|规格|型号|参数|容量|功率|保质期|产地|材料|防水|兼容|续航|内衬|毫升|ml\\b"
            + "|厚|薄|弹力|弹性|重量|颜色|色差|[黑白红蓝绿黄灰粉紫棕米咖]色|显瘦|显白|显胖|百搭|好看|款式|正品|保真|原装|行货"
            + "|사이즈|치수|기장|소재|재질|원단|성분|색상|색깔|컬러|정품|호환|세탁|무게|용량|키\\s*\\d+|몸무게|\\d+\\s*kg|두께"
            + "|핏|길이|착용감|여름|겨울|사계절|신축성|방수|배터리|실제\\s*색|사진(?:이랑|과|하고)"
            + "|\\bsizes?\\b|sizing|material|made of|fabric|cotton|leather|\\bcolou?rs?\\b|dimensions|\\bweight\\b"
            + "|waterproof|dishwasher|microwave|machine wash|\\bsafe\\b|\\boriginal\\b|genuine|authentic|\\bcopy\\b"
            + "|\\breal\\b|warranty|battery|\\bspecs?\\b|specifications|\\b(?:xs|xl|xxl|xxxl|[2-5]xl)\\b|\\bfits?\\b"
            + "|\\b(?:black|white|blue|red|green|pink|grey|gray|beige|navy|purple|yellow|brown)\\b";
    /** Question words; a question mark belongs to the clause before it (see the "attribute + question" rule). */
    static final String QUESTION_WORD = "吗|呢|么|嘛|什么|哪|几|多少|是不是|有没有|能不能|可不可以|会不会|怎么|如何"
            + "|나요|까요|인가요|어때|어떤|어느|뭐|몇|얼마|있어요|되나|돼요"
            + "|\\bwhat\\b|\\bwhich\\b|\\bhow\\b|\\bdoes\\b|\\bdo (?:you|they|these|i)\\b|\\bis (?:it|this|that|the|there)\\b"
            + "|\\bare (?:they|these|the|there)\\b|\\bcan (?:it|i|you)\\b|\\bwill (?:it|this|they)\\b";
    static final String SOON = "今天|明天|当天|今日|马上|尽快|早点|现在|today|tomorrow|asap|right away|오늘|내일|당일|바로";
    static final String REFUND = "退款|退钱|退货|\\brefund|\\bmoney\\b|환불";
    static final String NOT_RECEIVED = "还?没(?:有)?(?:收到|到账|到)|not (?:yet )?(?:received|arrived|come|gotten|processed)"
            + "|never (?:received|arrived|came)|havent (?:received|got|gotten|seen)|hasnt (?:arrived|come)"
            + "|아직\\s*(?:못|안)|못\\s*받|안\\s*들어";

    private IntentRules() {
    }

    static List<IntentRule> all() {
        List<IntentRule> rules = new ArrayList<>();

        // ---- guards: phrases that look like evidence but are not -------------------------------------------------
        guard(rules, "condition 'if not shipped yet'", "还?没发(?:货)?的话|如果还没发(?:货)?|发货(?:之)?前|发出(?:之)?前"
                + "|before (?:it|the order|my order|you) (?:ships|is shipped|ship|dispatch|is sent|send)"
                + "|if it hasnt (?:shipped|been shipped|been sent)|(?:발송|출고)\\s*전(?:에|이면|이라면)");
        guard(rules, "price is low (a remark, not an ask)", "(?:这么|那么|太|挺|好|真|很|比较|蛮)便宜");
        guard(rules, "no problem", "没(?:有)?(?:什么)?问题|没毛病|没事|no problem|no worries|문제\\s*(?:없|없어|없습)");
        guard(rules, "size is wrong (fit, not a question)", "사이즈\\s*(?:가|이)?\\s*(?:작아|작|커|크|안\\s*맞)"
                + "|(?:尺码|码数|尺寸|大小|码)(?:不合适|不对|偏大了|偏小了|太大|太小|大了|小了)"
                + "|doesnt fit|too (?:small|big|large|tight|loose)");
        guard(rules, "no complaints", "no complaints?|not (?:a )?complain(?:t|ing)");

        // ---- greeting ------------------------------------------------------------------------------------------------
        rule(rules, GREETING, Kind.ALONE, "zh hello", "在吗|在么|在嘛|在不在|在不$|有人吗|有人在吗|有人没|你好|您好|哈喽|哈啰|嗨"
                + "|早上好|早安|中午好|下午好|晚上好|^(?:亲|亲亲|亲爱的)[~!? ]*$");
        rule(rules, GREETING, Kind.ALONE, "ko hello", "안녕하세요|안녕하십니까|안녕|계세요|계신가요|계십니까|저기요|하이요"
                + "|여보세요|상담\\s*(?:가능|되나요|돼요|원해요)");
        rule(rules, GREETING, Kind.ALONE, "en hello", "\\b(?:hi|hello|hey|hiya|heya|howdy|yo|greetings)\\b"
                + "|good (?:morning|afternoon|evening)|anyone (?:here|there|around|available)|is anyone|are you there"
                + "|you there");

        // ---- product questions ---------------------------------------------------------------------------------------
        // stock and how-to questions are questions by their wording; an attribute (size, colour, material...) is only
        // asked about when a question word is in its clause: "颜色跟图片不一样，我要退" is a return, not a question
        rule(rules, PRODUCT_QUESTION, Kind.CUE, "stock", "现货|有货|有没有货|还有货|库存|补货|缺货|断货|到货|还有吗|还有没有"
                + "|有没有.{0,4}(?:色|码|款|号)|재고|품절|입고|재입고|아직\\s*있|in stock|out of stock|\\bstock\\b"
                + "|\\bavailable\\b|availability|restock|do you have (?:this|it|these|one|them|that) in|comes? in\\b");
        rule(rules, PRODUCT_QUESTION, Kind.CUE, "attribute + question", near(ATTRIBUTE, QUESTION_WORD, 14) + "|"
                + then(ATTRIBUTE, "\\?", 14));
        rule(rules, PRODUCT_QUESTION, Kind.WEAK, "attribute", ATTRIBUTE);
        rule(rules, PRODUCT_QUESTION, Kind.CUE, "which size / how to use", "什么码|几码|多少码|多大码|穿.{0,3}码|哪个好看|哪款好"
                + "|哪个好|哪个更|推荐(?:一下|下|一款|哪)|怎么用|怎么使用|如何使用|使用方法|用法|怎么安装|说明书|怎么洗|能机洗"
                + "|能水洗|能放|能带|能装|适用|适合.{0,4}(?:吗|不)|(?:能|可以)用吗|真的假的|是真的吗"
                + "|사용법|사용\\s*방법|어떻게\\s*사용|어떤\\s*(?:게|거)\\s*(?:나아|좋아)|뭐가\\s*(?:나아|좋아|나을)"
                + "|돌려도\\s*[돼되]|\\b(?:xs|s|m|l|xl|xxl)\\s*(?:이랑|하고|랑|중에)"
                + "|how (?:do|to|can|should) (?:i |you )?(?:use|install|wash|clean|charge|set up|assemble)"
                + "|how does (?:it|this) work|instructions|manual|compatib(?:le|ility)|\\bworks? (?:with|on|for) (?!you|us)"
                + "|(?:does|will) (?:it|this) (?:fit|come with)|comes? with (?:a|an|the)\\b.{0,20}\\?|true to size"
                + "|runs? (?:small|large|big)|in a (?:larger|smaller|bigger) size|what size|which size");
        rule(rules, PRODUCT_QUESTION, Kind.WEAK, "zh will it / do you have", "会不会|有(?=.{1,10}(?:吗|嘛|么)$)");
        rule(rules, PRODUCT_QUESTION, Kind.WEAK, "ko how is it", "어때요|어떤가요|괜찮나요|괜찮을까요|나을까요");

        // ---- bargaining ----------------------------------------------------------------------------------------------
        rule(rules, BARGAINING, Kind.CUE, "zh price", "便宜|优惠|少点|少一点|少些|打.{0,2}折|折扣|几折|包邮|免邮|免运费"
                + "|运费.{0,4}(?:免|少|便宜|减|包)|(?:减|降).{0,2}(?:点|些|价)|砍价|砍一?刀|讲价|议价|降价|还价|抹零"
                + "|抹个零|零头|送点|送个|有赠品|有没有赠品|送什么|送的|小礼物|礼品|赠品|满减|优惠券|券|红包|最低价|最低多少|底价"
                + "|能不能.{0,3}(?:便宜|少)|(?:再|能)少.{0,2}(?:钱|块)|\\d+块?(?:卖|出|行)不|\\d+块钱?(?:卖|可以|行)吗");
        rule(rules, BARGAINING, Kind.CUE, "ko price", "깎아|깍아|할인|싸게|저렴하게|무료\\s*배송|무배|배송비.{0,8}"
                + "(?:빼|무료|할인|깎|없)|쿠폰|적립|덤|서비스로|네고|에누리|가격.{0,4}(?:조정|낮|내려)|최저가");
        rule(rules, BARGAINING, Kind.CUE, "en price", "discount|cheaper|lower (?:the |your )?price|lower price|best price"
                + "|better price|last price|final price|coupon|promo(?: code)?|voucher|\\bdeal\\b|free shipping"
                + "|shipping.{0,6}free|knock.{0,15}off|\\d+ ?% off|price match|bundle|can you do \\$?\\d+|\\$\\d+ instead"
                + "|negotiable|negotiate|any offers?|reduce the price|wholesale price|promotions?|lower (?:it |that )?to \\$?\\d+"
                + "|go (?:any )?lower|come down (?:on|to|a bit)");
        rule(rules, BARGAINING, Kind.WEAK, "en cheap/sale", "\\bcheap\\b|\\bsale\\b");

        // ---- payment trouble -----------------------------------------------------------------------------------------
        rule(rules, PAYMENT_TROUBLE, Kind.STRONG, "pay + failure", near(PAY, FAIL, 8));
        rule(rules, PAYMENT_TROUBLE, Kind.CUE, "zh payment", "付不了|付不上|付不出|没法付|无法付|不能付|付款页面|支付页面|花呗"
                + "|信用卡|银行卡|借记卡|白条|分期|余额不足|余额不够|扣款|扣了钱|钱扣了|扣钱|怎么付款|如何付款|付款方式"
                + "|支付方式|待付款|重复(?:付款|支付|扣)|付了两(?:次|遍)|扣了两(?:次|遍)|改好价|改价|改一下价|订单(?:已)?关闭|交易关闭");
        rule(rules, PAYMENT_TROUBLE, Kind.WEAK, "zh payment channel", "支付宝|微信支付|云闪付");
        rule(rules, PAYMENT_TROUBLE, Kind.CUE, "ko payment", "결제\\s*(?:가|이)?\\s*(?:안\\s*[돼되]|오류|실패|에러|불가|거절)"
                + "|결제\\s*(?:방법|수단|되나요|가능|돼요)|무통장|계좌\\s*이체|입금|카드\\s*(?:결제|승인|오류|거절)"
                + "|카카오페이|네이버페이|페이코|토스|돈.{0,4}(?:빠져|나갔)|이중\\s*결제|중복\\s*결제|할부");
        rule(rules, PAYMENT_TROUBLE, Kind.CUE, "en payment", "cant pay|cannot pay|unable to pay|couldnt pay|checkout"
                + "|card (?:was |got |is )?(?:declined|rejected)|charged (?:twice|but)|was charged|double charged"
                + "|pay (?:with|by|via|using|in installments)|paypal|apple pay|google pay|credit card|debit card"
                + "|installments?|payment method|payment options?");

        // ---- shipping time -------------------------------------------------------------------------------------------
        rule(rules, SHIPPING_TIME, Kind.STRONG, "when + ship", then(WHEN, SHIP, 20));
        rule(rules, SHIPPING_TIME, Kind.CUE, "when + arrive", then(WHEN, ARRIVE, 8));
        rule(rules, SHIPPING_TIME, Kind.CUE, "soon + ship", near(SOON, SHIP + "|寄|出", 10));
        rule(rules, SHIPPING_TIME, Kind.CUE, "zh ship", "发货时间|催(?:一下|下)?发货|还没发|还不发|没发货|怎么不发|发了吗|发了没|发货了吗|发货没|发出了吗|寄出了吗|预售");
        rule(rules, SHIPPING_TIME, Kind.CUE, "ko ship", "발송.{0,4}(?:언제|며칠|날짜|일정)|출고.{0,4}(?:언제|되나요|돼요|예정)"
                + "|며칠.{0,4}(?:걸려|만에|뒤|후)|(?:오늘|내일|당일)\\s*(?:발송|출고|보내)|아직\\s*발송\\s*안|발송\\s*안\\s*[됐되]"
                + "|발송(?:하나요|되나요|돼요|해\\s*주세요|일)|주말.{0,4}발송|아직\\s*(?:발송|출고)\\s*(?:안|전)");
        rule(rules, SHIPPING_TIME, Kind.CUE, "en ship", "ship (?:it )?(?:today|tomorrow|asap|soon|now)"
                + "|(?:ship|send|dispatch) (?:it |this |my order )?(?:today|tomorrow|asap)"
                + "|dispatch time|handling time|processing time|ships? (?:out )?within|not (?:been )?shipped yet"
                + "|hasnt (?:been )?(?:shipped|sent)|still not shipped|has it shipped|did you ship|shipped yet"
                + "|(?:will|can|could|would) (?:it|you|this|they|my order) (?:be )?(?:ship|shipped|dispatch|dispatched)\\b"
                + "|(?:will|can|could|would) you send (?:it|this|them|my order) out"
                + "|ship (?:it )?(?:by|before|this|next|on) ");

        // ---- logistics -----------------------------------------------------------------------------------------------
        rule(rules, LOGISTICS, Kind.CUE, "zh where is it", "物流|快递.{0,3}(?:到哪|在哪|哪了|哪儿)|到哪(?:了|儿|里|啦)"
                + "|在哪(?:了|儿|里|啦)|还没(?:有)?(?:收到|到|送到|送来)|没(?:有)?收到|没到|没拿到|查(?:一下|下|查)?"
                + "(?:快递|物流|单号|包裹|件)|单号|运单|快递单|没更新|不更新|不动了|卡在|中转|派送|派件|签收|揽收|丢件"
                + "|包裹.{0,4}(?:呢|没|哪)|配送(?:到|中|进度)|追踪|跟踪|(?:还|一直)在路上|催(?:一下|下)?(?:快递|物流|件)|丢件|丢了"
                + "|送错|派错");
        rule(rules, LOGISTICS, Kind.CUE, "ko where is it", "택배.{0,4}(?:어디|언제\\s*와|안\\s*와|조회)|어디쯤|배송\\s*조회"
                + "|배송\\s*추적|운송장|송장|배송\\s*(?:상태|현황|정보)|아직\\s*(?:못|안)\\s*받|못\\s*받았|안\\s*왔|배송\\s*완료"
                + "|분실|멈춰|업데이트.{0,4}안|조회.{0,4}안\\s*[돼되]|추적|집하|놓고\\s*(?:간|갔)|다른\\s*집|오배송");
        rule(rules, LOGISTICS, Kind.CUE, "en where is it", "where(?:s| is) (?:my|the) (?:parcel|package|order|item|stuff"
                + "|delivery|shipment)|where is it|tracking|track (?:my |the )?(?:order|package|parcel|shipment)"
                + "|hasnt arrived|has not arrived|not arrived|didnt arrive|still (?:havent|not) (?:received|got|arrived)"
                + "|havent (?:received|got)|not received|never (?:arrived|received|came)|says delivered"
                + "|marked (?:as )?delivered|shows delivered|lost (?:in transit|package|parcel)|stuck (?:in|at)"
                + "|in transit|out for delivery|delivery status|return(?:ed)? to sender|(?:hasnt|not|never) (?:shown|showed|turned) up"
                + "|still waiting for (?:my|the) (?:order|package|parcel)|not here yet|(?:got|been|is|was) lost"
                + "|lost my (?:parcel|package|order)|wrong (?:house|door|address) delivered|delivered to the wrong");
        rule(rules, LOGISTICS, Kind.WEAK, "en courier", "courier|carrier|\\bups\\b|fedex|\\bdhl\\b|usps");

        // ---- address change ------------------------------------------------------------------------------------------
        rule(rules, RETURN_REFUND, Kind.STRONG, "return address (not a change)", "退货地址|退回地址|寄回地址|退换货地址"
                + "|return address|반품\\s*주소|반품지");
        rule(rules, ADDRESS_CHANGE, Kind.STRONG, "address + change", near(ADDRESS, CHANGE, 16));
        rule(rules, ADDRESS_CHANGE, Kind.CUE, "moved / send elsewhere", "搬家|改成.{0,6}(?:地址|公司|家里|学校)|把地址"
                + "|이사(?:해서|했|가|갔|할)|(?:send|ship|deliver) (?:it |them |my order |the order )?to .{0,20}address"
                + "|address instead|new address|different address|moved house|i (?:have |just )?moved");

        // ---- return / refund -----------------------------------------------------------------------------------------
        rule(rules, RETURN_REFUND, Kind.STRONG, "refund not received", then(REFUND, NOT_RECEIVED, 15));
        rule(rules, RETURN_REFUND, Kind.STRONG, "when is the refund", near(REFUND, WHEN, 6));
        rule(rules, RETURN_REFUND, Kind.STRONG, "exchange for another one", "(?:exchange|swap) (?:it |this |them )?"
                + "(?:for|to|into) " + CLAUSE + "{1,30}|change (?:it |this |them )?(?:for|to) (?:a |an |the )?"
                + "(?:smaller|bigger|larger|different|another|other)(?: size| one| colou?r| model)?");
        rule(rules, RETURN_REFUND, Kind.CUE, "zh return", "退货|退款|退钱|换货|退换|调换|七天无理由|7天无理由|无理由退|退回"
                + "|寄回|退掉|(?:能|可以|怎么|怎样|如何|要|想|给|申请)退(?!出|缩|步|休|烧|化)|退吗|退了|退不退|换(?:一|个)?(?:个|件)?(?:大|小)(?:一)?(?:码|号|点)"
                + "|换(?:个|一个|成)?(?:颜色|尺码|码|款)|(?:想|要|能|可以|申请)换(?:货|一下|下|个|成|(?:一|个)?(?:个|件)?(?:大|小)一?(?:码|号|点))?|运费险|退运费|取消订单");
        rule(rules, RETURN_REFUND, Kind.WEAK, "zh after-sale / does not fit", "售后|不合适");
        rule(rules, RETURN_REFUND, Kind.CUE, "ko return", "반품|환불|교환|환급|반송|돌려\\s*(?:주|받)|주문\\s*취소");
        rule(rules, RETURN_REFUND, Kind.CUE, "en return", "\\brefund(?:s|ed)?\\b|money back|\\breturn(?:s|ed|ing)?\\b"
                + "|exchange|swap (?:it|this|for)|send (?:it|this) back|return label|\\brma\\b|cancel (?:my|the) order");

        // ---- complaint -----------------------------------------------------------------------------------------------
        rule(rules, COMPLAINT, Kind.STRONG, "zh complaint", "投诉|12315|工商|消协|消费者协会|举报|维权|差评|中评|一星|骗子"
                + "|骗人|被骗|欺骗|坑人|黑店|垃圾|破东西|什么破|太差|极差|很差|真差|超差|差劲|恶心|态度.{0,4}(?:差|恶劣|不好)"
                + "|假货|以次充好|告你|起诉|法院|律师|曝光|平台介入|小二介入|不满意|退一赔三|骂人|敷衍|气死|无语|坑爹|太烂"
                + "|烂透|忍无可忍|要求赔偿|不好用|不喜欢|离谱|再也不(?:买|来)|不会再买|(?:质量|做工|服务)差|差到"
                + "|什么(?:服务)?态度|没人(?:回|理)|不理人|不回(?:复|消息)");
        rule(rules, COMPLAINT, Kind.STRONG, "ko complaint", "신고|소비자원|소보원|공정위|고소|고발|사기|최악|쓰레기"
                + "|별점\\s*테러|리뷰\\s*테러|악플|악평|별점\\s*1|1점|불친절|짜증|화나|어이없|황당|실망|엉망|가만\\s*안"
                + "|장난\\s*(?:하|치)|미쳤|책임\\s*져|불만족|민원|다시는\\s*안\\s*(?:사|살)");
        rule(rules, COMPLAINT, Kind.STRONG, "en complaint", "complain(?:t|ts|ing|ed)?|report(?:ing)? (?:you|this|the seller"
                + "|it to)|\\bscam(?:mer|med)?\\b|fraud|rip ?off|\\bworst\\b|terrible|horrible|awful|useless|disgusting"
                + "|pathetic|ridiculous|unacceptable|(?:1|one)[- ]?star|bad review|negative review|\\bbbb\\b|chargeback"
                + "|dispute|lawyer|sue (?:you|your)|a-?to-?z claim|\\bfake\\b|\\blied\\b|\\bliars?\\b|so bad|very bad"
                + "|not happy|not satisfied|unhappy|disappointed|angry|furious");

        // ---- praise --------------------------------------------------------------------------------------------------
        rule(rules, PRAISE, Kind.CUE, "zh praise", "好评|五星|5星|(?<![不没])满意|超赞|好赞|点赞"
                + "|质量(?:很|挺|真|非常|超|蛮|也)?好(?![不吗么])|东西(?:很|挺|真|非常|超|蛮)?好(?![不吗么])"
                + "|(?:很|挺|超|真|蛮|非常)好用|物流(?:很|超|真|挺|好|也|特别)?快|发货(?:很|超|真|挺|好|也|特别)?快"
                + "|下次还来|还会再来|回购|推荐给|物美价廉|性价比(?:很|超|挺)?高|值得购买"
                + "|速度(?:真|很|超|好|挺|也|特别)?快|赞一个|点个赞|五星好评");
        rule(rules, PRAISE, Kind.WEAK, "zh like", "(?<!不)喜欢");
        rule(rules, PRAISE, Kind.CUE, "ko praise", "(?<!불)만족|최고|(?<!안\\s?)좋아요|(?<!안\\s?)좋네요|(?<!안\\s?)좋습니다"
                + "|마음에\\s*들|맘에\\s*들|예뻐요|이뻐요|잘\\s*쓸게|잘\\s*쓰겠|잘\\s*쓰고|빠른\\s*배송|배송.{0,3}빨라|빨리\\s*와"
                + "|(?<!불)친절|꼼꼼|대박|굿(?!즈)|짱|감동|훌륭|완벽|또\\s*살게|재구매|번창하세요");
        rule(rules, PRAISE, Kind.WEAK, "ko received fine", "잘\\s*받았");
        rule(rules, PRAISE, Kind.CUE, "en praise", "love (?:it|this|them)|loved (?:it|this|them)|great (?:quality|seller"
                + "|service|product|job|item|price|value|communication)|(?:5|five) stars?|highly recommend"
                + "|very (?:happy|satisfied|pleased)|so happy|(?<!not |un|dis)satisfied|well packed"
                + "|fast (?:shipping|delivery)|arrived (?:quickly|fast|early|on time)|good quality|works (?:great|perfectly"
                + "|well)|all good|happy with|pleased with|will buy again");
        rule(rules, PRAISE, Kind.ALONE, "thanks", "谢谢|多谢|感谢|谢啦|谢了|3q|辛苦(?:了|啦)|棒|给力|完美|不错"
                + "|감사합니다|감사해요|감사드려요|감사드립니다|고마워요|고맙습니다|땡큐|수고하세요|수고하셨"
                + "|thanks|thank you|\\bty\\b|cheers|appreciated?|great|perfect|awesome|amazing|excellent|wonderful"
                + "|fantastic|❤|♥|😍|👍|🥰|😘|💯|👌");

        return List.copyOf(rules);
    }

    /** {@code a} and {@code b} in the same clause at most {@code gap} characters apart, in either order. */
    static String near(String a, String b, int gap) {
        String between = CLAUSE + "{0," + gap + "}?";
        return "(?:" + a + ")" + between + "(?:" + b + ")|(?:" + b + ")" + between + "(?:" + a + ")";
    }

    /** {@code a} followed by {@code b} in the same clause, at most {@code gap} characters apart. */
    static String then(String a, String b, int gap) {
        return "(?:" + a + ")" + CLAUSE + "{0," + gap + "}?(?:" + b + ")";
    }

    private static void guard(List<IntentRule> rules, String name, String regex) {
        rules.add(new IntentRule(null, Kind.GUARD, name, Pattern.compile(regex)));
    }

    private static void rule(List<IntentRule> rules, Intent intent, Kind kind, String name, String regex) {
        rules.add(new IntentRule(intent, kind, name, Pattern.compile(regex)));
    }
}
