package dev.kefu.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimulateSeriesTest {

    /** A sample at second t: 200 sent and 190 accepted a second, the group applying 100 a second from 1000. */
    private static SimulateSeries.Sample at(double t, double... latencies) {
        long n = Math.round(t);
        return new SimulateSeries.Sample(t, 200 * n, 190 * n, n, 0, latencies, Map.of("order-service", 1000 + 100 * n),
                n * 3);
    }

    @Test
    void bucketsTurnCumulativeSamplesIntoRatesAndPercentilesPerBucket() {
        List<SimulateSeries.Sample> samples = new ArrayList<>();
        samples.add(at(0));
        for (int t = 1; t <= 10; t++) {
            samples.add(at(t, t, 100 + t)); // two answers a second
        }

        List<SimulateSeries.Bucket> buckets = SimulateSeries.buckets(samples, 5);

        assertThat(buckets).hasSize(2);
        SimulateSeries.Bucket first = buckets.get(0);
        assertThat(first.from()).isEqualTo(0);
        assertThat(first.to()).isEqualTo(5);
        assertThat(first.sentPerSecond()).isCloseTo(200, within(1e-9));
        assertThat(first.acceptedPerSecond()).isCloseTo(190, within(1e-9));
        assertThat(first.rejected()).isEqualTo(5);
        assertThat(first.appliedPerSecond()).containsEntry("order-service", 100.0);
        assertThat(first.p50Millis()).isEqualTo(5); // answers 1..5 and 101..105
        assertThat(first.p99Millis()).isEqualTo(105);
        assertThat(first.lag()).isEqualTo(15);
        SimulateSeries.Bucket second = buckets.get(1);
        assertThat(second.from()).isEqualTo(5);
        assertThat(second.p99Millis()).isEqualTo(110);
        assertThat(second.lag()).isEqualTo(30);
    }

    @Test
    void unevenSamplesAreRatedOverTheTimeBetweenThemAndEmptyBucketsAreLeftOut() {
        // a sampler that stalled: nothing between 2 s and 13 s
        List<SimulateSeries.Sample> samples = List.of(at(0), at(1.5), at(2), at(13));

        List<SimulateSeries.Bucket> buckets = SimulateSeries.buckets(samples, 5);

        assertThat(buckets).extracting(SimulateSeries.Bucket::from).containsExactly(0.0, 10.0);
        // 2 s → 13 s: counts from the rounded seconds (2 → 13), over 11 s
        assertThat(buckets.get(1).sentPerSecond()).isCloseTo(200, within(1e-9));
        assertThat(buckets.get(1).p50Millis()).isNaN();
    }

    @Test
    void aGroupFirstSeenLaterCountsFromZero() {
        SimulateSeries.Sample start = new SimulateSeries.Sample(0, 0, 0, 0, 0, new double[0], Map.of(), 0);
        SimulateSeries.Sample later = new SimulateSeries.Sample(2, 10, 10, 0, 0, new double[0],
                Map.of("review-service", 8L), 0);

        SimulateSeries.Bucket b = SimulateSeries.buckets(List.of(start, later), 5).get(0);

        assertThat(b.appliedPerSecond()).containsEntry("review-service", 4.0);
    }

    @Test
    void theCsvHasAHeaderAndARowPerBucket() {
        List<SimulateSeries.Bucket> buckets = SimulateSeries.buckets(List.of(at(0), at(5, 3), at(10, 4)), 5);

        String[] lines = SimulateSeries.csv(buckets, 200).split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("from_s,to_s,target_per_s").endsWith("applied_per_s_order-service");
        assertThat(lines[1]).startsWith("0.0,5.0,200.0,200.0,190.0,5,0,3.0,3.0,15,100.0");
    }
}
