package dev.kefu.conversation.conduct;

import java.util.regex.Pattern;

/**
 * The conduct rules' phrases, each block Chinese, Korean, English, over folded text (lower case,
 * half-width). Kept apart from {@link ConductGuard} so a reviewer reads the policy in one place; money for a review is
 * the platform's {@code ReviewBargain}, the same rule everywhere.
 */
final class ConductPatterns {

    private ConductPatterns() {
    }

    /** Insulting or arguing with the buyer. Product words that contain the characters are excluded (滚筒, 傻瓜式). */
    static final Pattern INSULT = Pattern.compile(String.join("|",
            // zh
            "(?:你|您)(?:是不是|是|真|有点)?傻|傻(?:逼|b|x|子|缺|帽|了吧|不傻|啊|吗|呀|瓜(?!式|相机))", "(?<![a-z])(?:sb|nmsl|tmd|cnm)(?![a-z])",
            "滚(?![筒动轮烫珠边刷屏球圆石梯])", "你有病|有病吧|神经病|有毛病|脑残|白痴|弱智|废物|蠢(?:货|猪|死了)?",
            "爱买不买|不买拉倒|不买就算了?|买不起(?:就)?别", "你懂不懂|懂不懂啊|不可理喻|无理取闹|听不懂人话|看不懂(?:中文|字)吗",
            "闭嘴|关我(?:什么|啥|屁)事|(?:那|这)是你(?:自己)?的问题|是你自己的问题|你自己的问题|怪你自己|活该",
            "穷(?:鬼|逼)|去死|你烦不烦|有完没完|找茬|眼瞎|你瞎|你算老几|爱咋咋地",
            // ko
            "바보|멍청|병신|븅신|ㅂㅅ|ㅅㅂ|시발|씨발|개새|또라이|꺼져|닥쳐|한심",
            "미친\\s*(?:놈|년|사람|거\\s*아니)|미쳤(?:어|나|냐|네)", "짜증\\s*나(?:게|네|요|죽)",
            "(?:별로|싫|마음에\\s*안\\s*들)(?:으)?면\\s*사지\\s*마|사지\\s*마세요", "그것도\\s*몰라|말귀를?\\s*못",
            "귀찮게\\s*(?:하|좀)", "고객님\\s*(?:사정|문제|잘못)(?:이죠|입니다|이에요|이잖아)", "알아서\\s*하세요|어쩌라고",
            // en
            "\\bstupid\\b|\\bidiot(?:s|ic)?\\b|\\bmoron\\b|\\bdumb\\b|\\bloser\\b|\\bpathetic\\b|\\bwtf\\b|\\bf+u+c+k\\w*",
            "shut up|that'?s your (?:own )?problem|your own problem|not my problem|(?:it'?s|that'?s) your (?:own )?fault",
            "get lost|if you don'?t like it,? (?:then )?don'?t buy|don'?t buy it then|can'?t you read|are you blind",
            "that'?s nonsense|talking nonsense|deal with it|what'?s wrong with you|learn to read"));

    /** Questioning the buyer's decision or trust, the interrogation the seeds forbid. */
    static final Pattern INTERROGATION = Pattern.compile(String.join("|",
            // zh
            "(?:为什么|为啥|干嘛|凭什么|怎么)还?不(?:买|下单|拍|付款|相信|信)",
            "到底(?:买不买|要不要|拍不拍|想怎样|想怎么样|想干嘛|在想什么)|你(?:还)?买不买(?:啊|呀|呢|\\?)",
            "(?:为什么|为啥|凭什么)(?:觉得|认为|说)[^。！？!?]{0,12}(?:不是正品|是假的|假货|不好)",
            "你到底想|你想怎样|你想怎么样|问那么多干(?:嘛|什么)",
            // ko
            "왜\\s*(?:안\\s*사|사지\\s*않|구매\\s*안|구매하지\\s*않|주문\\s*안|주문하지\\s*않|결제\\s*안|결제하지\\s*않"
                    + "|안\\s*믿|믿지\\s*않|(?:저희|우리)를?\\s*못\\s*믿|(?:저희|우리)\\s*(?:제품|상품)이?\\s*정품이\\s*아니라고)",
            "도대체\\s*(?:사실|살|구매하실|주문하실)", "(?:사실|살|구매하실)\\s*거(?:예요|에요|야)\\s*말\\s*거",
            "왜\\s*자꾸\\s*물어",
            // en
            "why (?:don'?t|won'?t|didn'?t|wouldn'?t|do not|will not) you (?:just )?(?:buy|order|purchase|trust|believe|pay)",
            "why (?:haven'?t|have not) you (?:bought|ordered|paid|purchased)",
            "are you (?:going to|gonna) buy (?:it |this )?or not|are you buying or not|(?:buy|order) it or not\\b",
            "do you want (?:it|to buy(?: it)?) or not",
            "why do you think (?:it'?s|this is|that'?s|our \\w+ (?:is|are)) (?:fake|not (?:genuine|original|real))",
            "what'?s your problem|make up your mind"));

    /** Phone numbers, in the shapes buyers and agents write them. Checked further in {@link ConductGuard}. */
    static final Pattern PHONE = Pattern.compile(String.join("|",
            // Chinese mobile: 13812345678, 138 1234 5678, 138-1234-5678, +86 ..., one digit at a time
            "(?:\\+?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}", "1[\\s.-][3-9](?:[\\s.-]\\d){9}",
            // Chinese landline and 400 hotlines
            "0\\d{2,3}-\\d{7,8}", "400[\\s-]\\d{3}[\\s-]\\d{4}",
            // Korean mobile and landline
            "(?:\\+?82[\\s-]?0?1[016789]|01[016789])[\\s.-]?\\d{3,4}[\\s.-]?\\d{4}", "0(?:2|[3-6]\\d)-\\d{3,4}-\\d{4}",
            // international with a plus, North American with separators
            "\\+\\d{1,3}[\\s-]?\\(?\\d{1,4}\\)?(?:[\\s.-]?\\d{2,4}){2,4}", "\\(?\\d{3}\\)?[\\s.-]\\d{3}[\\s.-]\\d{4}"));

    /** A number right after a phone word is a phone number whatever its shape ("电话：88886666"). */
    static final Pattern PHONE_AFTER_WORD = Pattern.compile(
            "(?:电话|手机|手机号|号码|联系方式|tel|phone|call me|text me|whatsapp|전화|연락처|핸드폰|휴대폰)"
                    + "[^\\d。！？!?\\n]{0,6}(\\d(?:[\\s-]?\\d){6,14})");

    /** The words that say a number is an order or tracking number, just before it. */
    static final Pattern ORDER_CONTEXT = Pattern.compile(
            "(?:订单|单号|运单|快递单|物流单|order|tracking|waybill|parcel|주문|운송장|송장)\\s*"
                    + "(?:号|编号|번호|number|no\\.?|id|#)?\\s*(?:是|为|is)?\\s*[:：#]?\\s*$");

    /** Messaging apps, ids and "let's talk elsewhere". */
    static final Pattern MESSAGING = Pattern.compile(String.join("|",
            // zh
            "(?:加|添加|加一下|加个|加下)(?:我|下|一下|个)?(?:的)?(?:微信|微心|薇信|威信|v信|vx|wx|qq|扣扣|企鹅|钉钉)",
            "(?:微信|vx|v信|wx|qq|扣扣|薇信|威信)\\s*(?:号|号码|id)?\\s*[:：是为]\\s*[a-z0-9_-]{5,}",
            "微信号|qq号|v信|(?<![a-z])vx(?![a-z])|(?<![a-z])wx\\s*[:：]",
            "私聊|私下(?:联系|交易|转账)|线下交易|不走平台|绕过平台|平台外交易|微信转账|微信联系|加好友",
            // ko
            "카톡|카카오톡|카카오\\s*(?:톡|아이디|id)|라인\\s*(?:아이디|id)|오픈\\s*채팅|텔레그램",
            "개인\\s*(?:연락처|번호|카톡|메일)|따로\\s*연락|문자\\s*(?:주세요|보내\\s*주세요|주시면)",
            // en
            "(?:add|message|text|contact|reach|dm|ping|find|call|hit) (?:me|us) (?:up )?(?:on|via|at|through|over) "
                    + "(?:whatsapp|wechat|we chat|line|telegram|kakao ?talk|kakao|signal|viber|messenger|instagram"
                    + "|facebook|qq|skype|e-?mail|my (?:phone|number|cell|mobile))",
            "(?:whatsapp|wechat|telegram|kakao ?talk|skype|signal|viber|qq)\\s*(?:id|number|no\\.?|#|handle)?\\s*[:：]\\s*\\S+",
            "line id|line\\s*[:：]\\s*@\\S+", "my (?:whatsapp|wechat|telegram|line id|kakao|skype|signal|viber)",
            "my personal (?:number|phone|email|e-mail)", "(?:outside|off) (?:the |this )?(?:platform|app|amazon|taobao)",
            "pay (?:me )?directly|direct bank transfer|western union",
            // e-mail addresses
            "[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}"));
}
