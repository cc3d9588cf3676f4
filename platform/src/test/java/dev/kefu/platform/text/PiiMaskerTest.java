package dev.kefu.platform.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PiiMaskerTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "13812348000|138****8000",
            "+8613812348000|+86138****8000",
            "+86 138 1234 8000|+86 138 **** 8000",
            "0086-138-1234-8000|0086-138-****-8000",
            "138-1234-8000|138-****-8000",
            "138 1234 8000|138 **** 8000",
            "0571-88888888|0571-****8888",
            "010-1234-5678|010-****-5678",
            "01012345678|010****5678",
            "02-123-4567|02-***-4567",
            "+82 10-1234-5678|+82 10-****-5678",
            "(415) 555-0132|(415) ***-0132",
            "+1 415-555-0132|+1 415-***-0132",
            "+44 20 7946 0958|+44 20 **** 0958",
            "+81 90-1234-5678|+81 90-****-5678"})
    void aPhoneNumberKeepsItsPrefixAndLastFourDigits(String phone, String masked) {
        assertThat(PiiMasker.maskPhones(phone)).isEqualTo(masked);
    }

    @Test
    void phoneNumbersInsideChatTextAreMaskedInEveryLanguage() {
        assertThat(PiiMasker.maskPhones("亲，我的电话13812348000，到了打给我。"))
                .isEqualTo("亲，我的电话138****8000，到了打给我。");
        assertThat(PiiMasker.maskPhones("배송 전에 010-1234-5678로 연락 주세요"))
                .isEqualTo("배송 전에 010-****-5678로 연락 주세요");
        assertThat(PiiMasker.maskPhones("Call me at (415) 555-0132 or +44 20 7946 0958, thanks"))
                .isEqualTo("Call me at (415) ***-0132 or +44 20 **** 0958, thanks");
        assertThat(PiiMasker.maskPhones("订单号TB20261123001，联系电话13812348000"))
                .isEqualTo("订单号TB20261123001，联系电话138****8000");
        assertThat(PiiMasker.maskPhones("两个号码：13812348000 和 13998765432"))
                .isEqualTo("两个号码：138****8000 和 139****5432");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "订单号TB20261123001什么时候发货",
            "中通单号ZT7730012345还没更新",
            "订单 2026112312345678901 的发票",             // a 19-digit Taobao order id
            "订单13812348000123",                          // a phone-shaped start of a longer run
            "SF13812348000",                               // letters before: a waybill number
            "13812348000A",
            "下单时间 2026-11-23 08:15:30，金额 199.00",
            "IP 192.168.100.1000 与 v1.2.3",
            "买了3件，共12345元",
            "ref 123-456-7890-12",
            "运单号：13812345678，中通快递",                 // labelled as a tracking number
            "Order #13812345678 has shipped",
            "운송장 번호 01012345678 확인 부탁드려요"})
    void orderTrackingAndOtherNumbersAreNotMasked(String text) {
        assertThat(PiiMasker.maskPhones(text)).isSameAs(text);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "浙江省杭州市西湖区文三路90号|浙江省杭州市西湖区****",
            "浙江省 杭州市 西湖区 文三路90号 3单元502室|浙江省 杭州市 西湖区****",
            "北京市朝阳区建国路88号SOHO现代城|北京市朝阳区****",
            "北京 北京市 朝阳区 建国路88号|北京 北京市 朝阳区****",
            "上海市浦东新区张江镇科苑路88号|上海市浦东新区****",
            "广东省深圳市南山区粤海街道科技园|广东省深圳市南山区****",
            "广西壮族自治区南宁市青秀区民族大道100号|广西壮族自治区南宁市青秀区****",
            "浙江省杭州市文三路90号|浙江省杭州市****",
            "浙江省杭州市建德市新安江街道|浙江省杭州市建德市****",
            "杭州市西湖区文三路90号|杭州市西湖区****",
            "中国浙江省杭州市西湖区文三路90号|浙江省杭州市西湖区****",
            "张三 13812348000 浙江省杭州市西湖区文三路90号|浙江省杭州市西湖区****",
            "文三路90号|****",
            "서울특별시 강남구 테헤란로 123|서울특별시 강남구 ****",
            "경기도 성남시 분당구 판교역로 235, 4층|경기도 성남시 분당구 ****",
            "(06236) 서울 강남구 테헤란로 152|서울 강남구 ****",
            "테헤란로 152|****",
            "'1600 Amphitheatre Parkway, Mountain View, CA 94043, USA'|'****, Mountain View, CA, USA'",
            "'Flat 2, 10 Downing Street, London SW1A 2AA, UK'|'****, London, UK'",
            "'John Smith, Apt 4B, 350 5th Ave, New York, NY 10118'|'****, New York, NY'",
            "'Unter den Linden 77, 10117 Berlin, Germany'|'****, Berlin, Germany'",
            "'221B Baker Street London'|'****'"})
    void anAddressKeepsItsRegionAndHidesStreetAndNumber(String address, String masked) {
        assertThat(PiiMasker.maskAddress(address)).isEqualTo(masked);
    }
}
