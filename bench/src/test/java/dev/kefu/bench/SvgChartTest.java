package dev.kefu.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> polylines(Document doc) {
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    @Test
    void theChartIsWellFormedSvgWithALineAndALegendEntryPerSeries() throws Exception {
        String svg = SvgChart.render("a <run> & its rates", "seconds", List.of(
                new SvgChart.Panel("rates", "per second", List.of(
                        new SvgChart.Series("target", "#777", true, List.of(new double[] {0, 200}, new double[] {30, 200})),
                        new SvgChart.Series("accepted/s", "#00f", false,
                                List.of(new double[] {5, 190}, new double[] {10, 201}, new double[] {15, 199})))),
                new SvgChart.Panel("lag", "records", List.of(
                        new SvgChart.Series("lag", "#f00", false, List.of(new double[] {5, 10}, new double[] {10, 0}))))));

        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        List<Element> lines = polylines(doc);
        assertThat(lines).extracting(e -> e.getElementsByTagNameNS("*", "title").item(0).getTextContent())
                .containsExactly("target", "accepted/s", "lag");
        assertThat(lines.get(0).getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(lines.get(1).getAttribute("points").split(" ")).hasSize(3);
        assertThat(doc.getDocumentElement().getTextContent()).contains("a <run> & its rates", "accepted/s",
                "rates (per second)", "lag (records)", "seconds");
    }

    @Test
    void aMissingValueBreaksTheLineAndPointsStayInsideThePlot() throws Exception {
        String svg = SvgChart.render("t", "s", List.of(new SvgChart.Panel("p99", "ms", List.of(
                new SvgChart.Series("p99", "#f80", false, List.of(new double[] {1, 5}, new double[] {2, Double.NaN},
                        new double[] {3, 7}, new double[] {4, 9}))))));

        List<Element> lines = polylines(parse(svg));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).getAttribute("points").split(" ")).hasSize(1);
        assertThat(lines.get(1).getAttribute("points").split(" ")).hasSize(2);
        for (Element line : lines) {
            for (String point : line.getAttribute("points").split(" ")) {
                double x = Double.parseDouble(point.split(",")[0]);
                assertThat(x).isBetween(0.0, (double) SvgChart.WIDTH);
            }
        }
    }

    @Test
    void axisLabelsAreShort() {
        assertThat(SvgChart.tick(0)).isEqualTo("0");
        assertThat(SvgChart.tick(62.5)).isEqualTo("62.5");
        assertThat(SvgChart.tick(1500)).isEqualTo("1,500");
        assertThat(SvgChart.tick(0.25)).isEqualTo("0.25");
    }

    @Test
    void axesEndOnRoundNumbers() {
        assertThat(SvgChart.niceCeiling(187)).isEqualTo(200);
        assertThat(SvgChart.niceCeiling(201)).isEqualTo(250);
        assertThat(SvgChart.niceCeiling(0.7)).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(SvgChart.niceCeiling(1000)).isEqualTo(1000);
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1);
    }
}
