package io.sen2cor.operator.runner;

import java.util.ArrayList;
import java.util.List;

import io.sen2cor.operator.contract.RunnerContract;

/**
 * A product's footprint as GeoJSON wants it (pure; docs/stac.md): EXT_POS_LIST's "lat lon ..." as a closed ring of
 * [lon, lat], and a footprint across the antimeridian (tiles of UTM zones 1 and 60) split there into a MultiPolygon,
 * with a bbox whose west is greater than its east, as GeoJSON (RFC 7946, 3.1.9 and 5.2) and STAC ask, instead of a
 * polygon and bbox around the world.
 */
final class Footprints {

    /** The footprint: one ring (a Polygon) or two (a MultiPolygon split at 180°), and its [west, south, east, north]. */
    record Footprint(List<List<double[]>> polygons, double[] bbox) {

        boolean split() {
            return polygons.size() > 1;
        }
    }

    private Footprints() {
    }

    static Footprint of(String posList) {
        List<double[]> ring = ring(posList);
        double minLon = ring.stream().mapToDouble(p -> p[0]).min().orElseThrow();
        double maxLon = ring.stream().mapToDouble(p -> p[0]).max().orElseThrow();
        if (maxLon - minLon <= 180) {
            return new Footprint(List.of(ring), bounds(ring));
        }
        // across the antimeridian: in [0, 360) the ring is whole; cut it at 180 and bring the eastern part back
        List<double[]> shifted = ring.stream().map(p -> new double[] {p[0] < 0 ? p[0] + 360 : p[0], p[1]}).toList();
        List<double[]> west = close(clip(shifted, true));
        List<double[]> east = close(clip(shifted, false).stream().map(p -> new double[] {p[0] - 360, p[1]}).toList());
        double[] w = bounds(west);
        double[] e = bounds(east);
        return new Footprint(List.of(west, east), new double[] {w[0], Math.min(w[1], e[1]), e[2], Math.max(w[3], e[3])});
    }

    /** EXT_POS_LIST is "lat lon lat lon ..."; GeoJSON wants [lon, lat], the ring closed. */
    static List<double[]> ring(String posList) {
        String[] v = posList.trim().split("\\s+");
        if (v.length < 8 || v.length % 2 != 0) {
            throw new RunnerFailure(RunnerContract.EXIT_SEN2COR_FAILED, "MTD_MSIL2A.xml has no usable footprint (EXT_POS_LIST)");
        }
        List<double[]> ring = new ArrayList<>();
        for (int i = 0; i < v.length; i += 2) {
            ring.add(new double[] {Double.parseDouble(v[i + 1]), Double.parseDouble(v[i])});
        }
        return close(ring);
    }

    /** The part of a closed ring west ({@code west}) or east of longitude 180 (Sutherland-Hodgman against one line). */
    private static List<double[]> clip(List<double[]> ring, boolean west) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < ring.size(); i++) {
            double[] a = ring.get(i);
            double[] b = ring.get(i + 1);
            boolean aIn = west ? a[0] <= 180 : a[0] >= 180;
            boolean bIn = west ? b[0] <= 180 : b[0] >= 180;
            if (aIn) {
                out.add(a);
            }
            if (aIn != bIn) {
                double t = (180 - a[0]) / (b[0] - a[0]);
                out.add(new double[] {180, a[1] + t * (b[1] - a[1])});
            }
        }
        return out;
    }

    private static List<double[]> close(List<double[]> ring) {
        List<double[]> closed = new ArrayList<>(ring);
        double[] first = closed.get(0);
        double[] last = closed.get(closed.size() - 1);
        if (first[0] != last[0] || first[1] != last[1]) {
            closed.add(first);
        }
        return closed;
    }

    private static double[] bounds(List<double[]> ring) {
        double[] b = {180, 90, -180, -90};
        for (double[] p : ring) {
            b[0] = Math.min(b[0], p[0]);
            b[1] = Math.min(b[1], p[1]);
            b[2] = Math.max(b[2], p[0]);
            b[3] = Math.max(b[3], p[1]);
        }
        return b;
    }
}
