package gr.syndesmos.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Quantiles from the difference of two snapshots of a cumulative Prometheus histogram (the hub's own
 * end-to-end timer), linearly interpolated inside the bucket that holds them. Micrometer's percentile buckets grow
 * by about 10 % each, which bounds the interpolation error.
 */
final class Percentiles {

    private final List<double[]> buckets;
    private final double count;

    private Percentiles(List<double[]> buckets, double count) {
        this.buckets = buckets;
        this.count = count;
    }

    /** Buckets as [upper bound in seconds, cumulative count], sorted by bound, before and after a phase. */
    static Percentiles fromCumulativeBuckets(List<double[]> before, List<double[]> after) {
        List<double[]> delta = new ArrayList<>();
        for (double[] bucket : after) {
            double earlier = 0;
            for (double[] old : before) {
                if (old[0] == bucket[0]) {
                    earlier = old[1];
                }
            }
            delta.add(new double[] {bucket[0], bucket[1] - earlier});
        }
        double total = delta.isEmpty() ? 0 : delta.get(delta.size() - 1)[1];
        return new Percentiles(delta, total);
    }

    long count() {
        return Math.round(count);
    }

    /** The q-quantile in seconds; NaN without observations. */
    double quantile(double q) {
        if (count <= 0) {
            return Double.NaN;
        }
        double rank = q * count;
        double lowerBound = 0;
        double lowerCount = 0;
        for (double[] bucket : buckets) {
            if (bucket[1] >= rank) {
                if (Double.isInfinite(bucket[0])) {
                    return lowerBound;
                }
                double inBucket = bucket[1] - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (bucket[0] - lowerBound) * fraction;
            }
            lowerBound = bucket[0];
            lowerCount = bucket[1];
        }
        return lowerBound;
    }
}
